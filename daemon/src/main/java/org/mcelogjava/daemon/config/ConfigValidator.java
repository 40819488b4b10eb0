package org.mcelogjava.daemon.config;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a parsed mcelog.conf into a {@link McelogConfig}, or refuses it. Stricter than mcelog on
 * purpose: a misspelt key or section, a value that does not parse or a trigger that is not an
 * executable file stops the daemon with a message naming file, line and key, where mcelog would
 * silently ignore the key and run with a default the operator did not mean.
 */
public final class ConfigValidator {

    private final ConfigFile file;
    private final Set<String> longOptions;
    private final Set<ConfigEntry> used = new HashSet<>();

    private ConfigValidator(ConfigFile file, Set<String> longOptions) {
        this.file = file;
        this.longOptions = longOptions;
    }

    /**
     * Validates {@code file}.
     *
     * @param longOptions the command line's long option names, which the global section may set
     */
    public static McelogConfig validate(ConfigFile file, Set<String> longOptions) throws ConfigException {
        return new ConfigValidator(file, longOptions).build();
    }

    private McelogConfig build() throws ConfigException {
        Map<String, String> options = new LinkedHashMap<>();
        for (ConfigEntry e : file.entries()) {
            if (e.section().equals(ConfigFile.GLOBAL) && longOptions.contains(e.key())) {
                options.put(e.key(), e.value());
                used.add(e);
            }
        }
        Optional<ConfigEntry> amdCompat = amdCompat();
        if (amdCompat.isPresent()) {
            if (options.containsKey(AMD_COMPAT_OPTION)) {
                throw bad(amdCompat.get(), "the global key " + AMD_COMPAT_OPTION + " says the same: keep one of them");
            }
            options.put(AMD_COMPAT_OPTION, amdCompat.get().value().toLowerCase(Locale.ROOT));
        }
        McelogConfig.Global global = new McelogConfig.Global(
                string("global", "run-credentials-user"), string("global", "run-credentials-group"),
                bool("global", "filter-memory-errors", false));
        Optional<Path> triggerDir = string("trigger", "directory").map(Path::of);
        McelogConfig.Triggers triggers = new McelogConfig.Triggers(
                integer("trigger", "children-max", 4, 1, 1024), triggerDir,
                Duration.ofSeconds(integer("trigger", "timeout", 60, 1, 86_400)),
                integer("trigger", "queue-max", 64, 0, 100_000));
        Optional<String> socketPath = string("server", "socket-path");
        McelogConfig.Server server = new McelogConfig.Server(
                string("server", "client-user").orElse("root"), string("server", "client-group"),
                socketPath.isPresent() ? socketPath.filter(s -> !s.isEmpty()).map(Path::of)
                        : McelogConfig.Server.DEFAULT.socketPath(),
                integer("server", "initial-ping-timeout", 2, 0, 3600),
                integer("server", "listen-backlog", 10, 1, 65_535));
        McelogConfig.Dimm dimm = new McelogConfig.Dimm(optionalBool("dimm", "dimm-tracking-enabled"),
                bool("dimm", "dmi-prepopulate", true),
                action("dimm", "ce-error", triggerDir), action("dimm", "uc-error", triggerDir));
        McelogConfig.Socket socket = new McelogConfig.Socket(optionalBool("socket", "socket-tracking-enabled"),
                action("socket", "mem-ce-error", triggerDir), action("socket", "mem-uc-error", triggerDir),
                trigger("socket", "bus-uc-threshold-trigger", triggerDir),
                trigger("socket", "iomca-threshold-trigger", triggerDir),
                trigger("socket", "unknown-threshold-trigger", triggerDir));
        McelogConfig.Cache cache = new McelogConfig.Cache(trigger("cache", "cache-threshold-trigger", triggerDir),
                bool("cache", "cache-threshold-log", true));
        McelogConfig.Page page = new McelogConfig.Page(action("page", "memory-ce", triggerDir),
                action("page", "memory-ce-counter-replacement", triggerDir), pageAction(),
                bool("page", "memory-ce-offline-retry", false),
                trigger("page", "memory-pre-sync-soft-ce-trigger", triggerDir),
                trigger("page", "memory-post-sync-soft-ce-trigger", triggerDir),
                McelogConfig.Page.DEFAULT_COUNTERS);
        McelogConfig.Metrics metrics = new McelogConfig.Metrics(listenAddress("metrics", "listen"));
        LogRolling rolling = new LogRolling(bytes("logfile", "roll-size"), rollPeriod(),
                integer("logfile", "roll-keep", 7, 1, 1000));
        Optional<Path> database = string("history", "database").filter(v -> !v.isEmpty()).map(Path::of);
        Optional<InetSocketAddress> report = listenAddress("report", "listen");
        if (report.isPresent() && database.isEmpty()) {
            throw bad(file.get("report", "listen").orElseThrow(), "the live report shows the history: set [history] database");
        }
        McelogConfig.History history = new McelogConfig.History(database, report);
        rejectUnused();
        return new McelogConfig(options, global, server, dimm, socket, cache, page, triggers, metrics, rolling, history);
    }

    private void rejectUnused() throws ConfigException {
        for (ConfigEntry e : file.entries()) {
            if (used.contains(e)) {
                continue;
            }
            if (!KNOWN_SECTIONS.contains(e.section())) {
                throw new ConfigException(file.path(), e.line(), "unknown section [" + e.section() + "]"
                        + " (known: [server] [dimm] [socket] [cache] [page] [trigger] [metrics] [logfile] [history] [report] [amd])");
            }
            throw new ConfigException(file.path(), e.line(), "unknown key " + e.displayName());
        }
    }

    private static final Set<String> KNOWN_SECTIONS = Set.of(ConfigFile.GLOBAL, "server", "dimm", "socket", "cache", "page", "trigger",
            "metrics", "logfile", "history", "report", "amd");
    /** The long option {@code [amd] compat} stands for. */
    private static final String AMD_COMPAT_OPTION = "amd-compat";
    private static final Set<String> AMD_COMPAT_VALUES = Set.of("smca", "mcelog");

    private Optional<ConfigEntry> entry(String section, String key) {
        Optional<ConfigEntry> e = file.get(section, key);
        e.ifPresent(used::add);
        return e;
    }

    private Optional<String> string(String section, String key) {
        return entry(section, key).map(ConfigEntry::value);
    }

    private Optional<Boolean> optionalBool(String section, String key) throws ConfigException {
        Optional<ConfigEntry> e = entry(section, key);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        return switch (e.get().value().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1", "on" -> Optional.of(true);
            case "no", "false", "0", "off" -> Optional.of(false);
            default -> throw bad(e.get(), "expected yes/no, true/false, on/off or 1/0");
        };
    }

    private boolean bool(String section, String key, boolean dflt) throws ConfigException {
        return optionalBool(section, key).orElse(dflt);
    }

    private int integer(String section, String key, int dflt, int min, int max) throws ConfigException {
        Optional<ConfigEntry> e = entry(section, key);
        if (e.isEmpty()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(e.get().value());
            if (v < min || v > max) {
                throw bad(e.get(), "expected a number from " + min + " to " + max);
            }
            return v;
        } catch (NumberFormatException ex) {
            throw bad(e.get(), "expected a whole number");
        }
    }

    /** {@code host:port} (an IPv6 host in brackets); the port may be 0 for any free one. */
    private Optional<InetSocketAddress> listenAddress(String section, String key) throws ConfigException {
        Optional<ConfigEntry> e = entry(section, key);
        if (e.isEmpty() || e.get().value().isEmpty()) {
            return Optional.empty();
        }
        String v = e.get().value();
        int colon = v.lastIndexOf(':');
        try {
            String host = v.substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
            int port = Integer.parseInt(v.substring(colon + 1));
            if (colon <= 0 || port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return Optional.of(new InetSocketAddress(host, port));
        } catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
            throw bad(e.get(), "expected host:port, e.g. 127.0.0.1:9177");
        }
    }

    /** A size in bytes: a whole number, optionally ending in K, M or G (powers of 1024); absent: 0. */
    private long bytes(String section, String key) throws ConfigException {
        Optional<ConfigEntry> e = entry(section, key);
        if (e.isEmpty()) {
            return 0;
        }
        Matcher m = SIZE.matcher(e.get().value());
        if (!m.matches() || m.group(1).length() > 12) {
            throw bad(e.get(), "expected a size such as 500K, 100M or 2G (0: no size limit)");
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KkMmGg]?)");

    private Optional<LogRolling.Period> rollPeriod() throws ConfigException {
        Optional<ConfigEntry> e = entry("logfile", "roll-period");
        if (e.isEmpty() || e.get().value().equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        for (LogRolling.Period p : LogRolling.Period.values()) {
            if (p.name().equalsIgnoreCase(e.get().value())) {
                return Optional.of(p);
            }
        }
        throw bad(e.get(), "expected none, hourly or daily");
    }

    /**
     * {@code [amd] compat}: how AMD family 17h and later (Zen) is decoded, {@code smca} or {@code mcelog}
     * (mcelog's refusal). The command line's {@code --amd-compat} in the file's own section, so it goes
     * into {@link McelogConfig#options()} as that option and the command line overrides it.
     */
    private Optional<ConfigEntry> amdCompat() throws ConfigException {
        Optional<ConfigEntry> e = entry("amd", "compat");
        if (e.isPresent() && !AMD_COMPAT_VALUES.contains(e.get().value().toLowerCase(Locale.ROOT))) {
            throw bad(e.get(), "expected smca or mcelog");
        }
        return e;
    }

    private McelogConfig.PageAction pageAction() throws ConfigException {
        Optional<ConfigEntry> e = entry("page", "memory-ce-action");
        if (e.isEmpty()) {
            return McelogConfig.PageAction.OFF;
        }
        for (McelogConfig.PageAction a : McelogConfig.PageAction.values()) {
            if (a.configName().equalsIgnoreCase(e.get().value())) {
                return a;
            }
        }
        throw bad(e.get(), "expected off, account, soft, hard or soft-then-hard");
    }

    private ThresholdAction action(String section, String base, Optional<Path> triggerDir) throws ConfigException {
        Optional<ConfigEntry> t = entry(section, base + "-threshold");
        Optional<Threshold> threshold = Optional.empty();
        if (t.isPresent()) {
            threshold = Threshold.parse(t.get().value());
            if (threshold.isEmpty()) {
                throw bad(t.get(), "unparseable threshold; write N / T, e.g. 10 / 24h "
                        + "(N may end in k, m or g; T in d, h or m, or plain seconds)");
            }
        }
        return new ThresholdAction(threshold, trigger(section, base + "-trigger", triggerDir),
                bool(section, base + "-log", false));
    }

    private Optional<String> trigger(String section, String key, Optional<Path> triggerDir) throws ConfigException {
        Optional<ConfigEntry> e = entry(section, key);
        if (e.isEmpty() || e.get().value().isEmpty()) {
            return Optional.empty();
        }
        Path program = Path.of(e.get().value());
        Path resolved = program.isAbsolute() ? program : triggerDir.map(d -> d.resolve(program)).orElse(program);
        if (!Files.isRegularFile(resolved) || !Files.isExecutable(resolved)) {
            throw bad(e.get(), "trigger " + resolved + " is not an executable file");
        }
        return Optional.of(e.get().value());
    }

    private ConfigException bad(ConfigEntry e, String why) {
        return new ConfigException(file.path(), e.line(), e.displayName() + " = " + e.value() + ": " + why);
    }
}
