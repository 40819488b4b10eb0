package org.mcelogjava.daemon.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.mcelogjava.daemon.ascii.ScanFormat;
import org.mcelogjava.daemon.ascii.ScanResult;
import org.mcelogjava.daemon.config.McelogConfig;
import org.mcelogjava.daemon.decode.AmdDecoding;
import org.mcelogjava.daemon.decode.CpuCatalog;
import org.mcelogjava.daemon.decode.CpuSelector;
import org.mcelogjava.daemon.decode.CpuType;

/**
 * mcelog's command line ({@code struct option options[]} and {@code modifier()} in mcelog.c):
 * the option table, and the settings the modifier options leave behind. Mode options
 * ({@code --ascii}, {@code --client}, {@code --ping}, {@code --version}) are not modifiers; the
 * caller acts on them. A bad value ends the run with mcelog's message and exit status, signalled
 * by {@link CliExit}.
 */
final class McelogOptions {

    /** mcelog's long options in declaration order (abbreviations resolve against this order). */
    static final Map<String, GetoptLong.Arg> TABLE = table(
            "logfile", 1, "k8", 0, "p4", 0, "generic", 0, "core2", 0, "intel-cpu", 1, "ignorenodev", 0,
            "filter", 0, "no-filter", 0, "dmi", 0, "no-dmi", 0, "dmi-verbose", 1, "syslog", 0, "cpumhz", 1,
            "syslog-error", 0, "dump-raw-ascii", 0, "raw", 0, "no-syslog", 0, "daemon", 0, "ascii", 0, "file", 1,
            "version", 0, "config-file", 1, "cpu", 1, "foreground", 0, "client", 0, "ping", 0, "num-errors", 1,
            "pidfile", 1, "debug-numerrors", 0, "no-imc-log", 0, "max-corr-err-counters", 1, "help", 0,
            "binary", 0, "is-cpu-supported", 0,
            // Not in mcelog: the simulator's device socket (the positional device argument also names it),
            // and how AMD Zen is decoded (mcelog refuses it; --amd-compat=mcelog keeps that).
            "socket", 1, "amd-compat", 1);

    private static final ScanFormat INTEL_CPU = ScanFormat.compile("%i,%i");
    private static final ScanFormat INTEGER = ScanFormat.compile("%i");
    /** A bound on --max-corr-err-counters: 63 million counters are some 4 GiB of heap. */
    private static final int MAX_PAGE_COUNTERS = 63_000_000;

    private final Consumer<String> errors;
    private CpuType cpuType = CpuType.GENERIC;
    private boolean cpuForced;
    private boolean raw;
    private String inputFile;
    private OptionalDouble cpuMhz = OptionalDouble.empty();
    private String logfile;
    private String pidfile;
    private String socket;
    private boolean daemon;
    private boolean foreground;
    private long numErrors;
    private int pageCounters = McelogConfig.Page.DEFAULT_COUNTERS;
    private boolean checkCpuOnly;
    private boolean noImcLog;
    private Optional<Boolean> dmi = Optional.empty();
    private boolean syslog;
    private boolean syslogError;
    private boolean ignoreNoDev;
    private AmdDecoding amdDecoding = AmdDecoding.SMCA;

    /** @param errors receives mcelog-style error lines ({@code mcelog: } prefixed) */
    McelogOptions(Consumer<String> errors) {
        this.errors = errors;
    }

    private static Map<String, GetoptLong.Arg> table(Object... entries) {
        Map<String, GetoptLong.Arg> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], (Integer) entries[i + 1] == 0 ? GetoptLong.Arg.NONE : GetoptLong.Arg.REQUIRED);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Options that are not modifiers but select what mcelog does. */
    static boolean isMode(String name) {
        return List.of("ascii", "client", "ping", "version").contains(name);
    }

    /**
     * {@code modifier()}: applies a modifier option.
     *
     * @return false if {@code name} is not a modifier
     * @throws CliExit when the value is invalid (the messages are already printed)
     */
    boolean apply(String name, String value, Usage usage) throws CliExit {
        switch (name) {
            case "k8" -> force(CpuType.K8);
            case "p4" -> force(CpuType.P4);
            case "generic" -> force(CpuType.GENERIC);
            case "core2" -> force(CpuType.CORE2);
            case "intel-cpu" -> {
                ScanResult r = INTEL_CPU.scan(value, 0);
                if (r.count() != 2) {
                    throw usage.error("mcelog: --intel-cpu needs FAMILY,MODEL, got `" + value + "'");
                }
                CpuType type = new CpuSelector(errors).intel((int) r.number(0), (int) r.number(1));
                if (type == CpuType.GENERIC) {
                    throw usage.error("Unknown Intel CPU");
                }
                force(type);
            }
            case "cpu" -> {
                var type = CpuCatalog.byName(value);
                if (type.isEmpty()) {
                    throw usage.errorWithCpuList("Unknown CPU type `" + value + "' specified");
                }
                force(type.get());
            }
            case "dmi-verbose" -> {
                if (INTEGER.scan(value, 0).count() != 1) {
                    throw usage.error("mcelog: --dmi-verbose needs a number, got `" + value + "'");
                }
            }
            case "cpumhz" -> {
                OptionalDouble mhz = CDouble.parse(value);
                if (mhz.isEmpty()) {
                    throw usage.error("mcelog: --cpumhz needs a number (MHz), got `" + value + "'");
                }
                cpuMhz = mhz;
            }
            case "dump-raw-ascii", "raw" -> raw = true;
            case "file" -> inputFile = value;
            case "help" -> throw usage.help();
            case "logfile" -> logfile = value;
            case "pidfile" -> pidfile = value;
            case "socket" -> socket = value;
            case "daemon" -> daemon = true;
            case "foreground" -> foreground = true;
            case "num-errors" -> {
                ScanResult r = INTEGER.scan(value, 0);
                if (r.count() != 1 || r.number(0) < 0) {
                    throw usage.error("Invalid number of errors `" + value + "'");
                }
                numErrors = r.number(0);
            }
            case "max-corr-err-counters" -> {
                ScanResult r = INTEGER.scan(value, 0);
                if (r.count() != 1 || r.number(0) < 1 || r.number(0) > MAX_PAGE_COUNTERS) {
                    throw usage.error("Invalid max-corr-err-counters `" + value + "' (1.." + MAX_PAGE_COUNTERS + ")");
                }
                pageCounters = (int) r.number(0);
            }
            case "is-cpu-supported" -> checkCpuOnly = true;
            case "no-imc-log" -> noImcLog = true;
            case "syslog" -> syslog = true;
            case "syslog-error" -> {
                syslog = true;
                syslogError = true;
            }
            case "no-syslog" -> syslog = false;
            case "dmi" -> dmi = Optional.of(true);
            case "no-dmi" -> dmi = Optional.of(false);
            case "ignorenodev" -> ignoreNoDev = true;
            case "amd-compat" -> amdDecoding = AmdDecoding.named(value).orElseThrow(() -> usage.error(
                    "mcelog: --amd-compat must be mcelog or smca, got `" + value + "'"));
            case "config-file", "filter", "no-filter",
                 "debug-numerrors", "binary" -> {
                // accepted for compatibility; they change nothing here (config-file is read before the options)
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void force(CpuType type) {
        cpuType = type;
        cpuForced = true;
    }

    CpuType cpuType() {
        return cpuType;
    }

    boolean cpuForced() {
        return cpuForced;
    }

    boolean raw() {
        return raw;
    }

    String inputFile() {
        return inputFile;
    }

    OptionalDouble cpuMhz() {
        return cpuMhz;
    }

    String logfile() {
        return logfile;
    }

    String pidfile() {
        return pidfile;
    }

    String socket() {
        return socket;
    }

    boolean daemon() {
        return daemon;
    }

    boolean foreground() {
        return foreground;
    }

    long numErrors() {
        return numErrors;
    }

    /** {@code --dmi} (true), {@code --no-dmi} (false), the last one given; empty: neither. */
    Optional<Boolean> dmi() {
        return dmi;
    }

    /**
     * How AMD family 17h and later is decoded: SMCA unless {@code --amd-compat=mcelog} (or mcelog.conf's
     * {@code [amd] compat = mcelog}, applied before the command line).
     */
    AmdDecoding amdDecoding() {
        return amdDecoding;
    }

    /** {@code --no-imc-log}: Sandy/Ivy Bridge-EP's extended iMC logging is not used. */
    boolean noImcLog() {
        return noImcLog;
    }

    /** {@code --is-cpu-supported}: only check the CPU, the exit status says whether it is supported. */
    boolean checkCpuOnly() {
        return checkCpuOnly;
    }

    /** {@code --max-corr-err-counters}: page counters kept at most. */
    int pageCounters() {
        return pageCounters;
    }

    /** {@code --syslog} (or {@code --syslog-error}) and not a later {@code --no-syslog}. */
    boolean syslog() {
        return syslog;
    }

    /** {@code --ignorenodev}: a device that cannot be opened ends the run silently, status 0. */
    boolean ignoreNoDev() {
        return ignoreNoDev;
    }

    /** {@code --syslog-error}: decoded text at LOG_ERR instead of LOG_WARNING. */
    boolean syslogError() {
        return syslogError;
    }
}
