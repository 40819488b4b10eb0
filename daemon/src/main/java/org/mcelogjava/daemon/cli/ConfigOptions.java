package org.mcelogjava.daemon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.config.ConfigException;
import org.mcelogjava.daemon.config.ConfigFile;
import org.mcelogjava.daemon.config.ConfigValidator;
import org.mcelogjava.daemon.config.McelogConfig;

/**
 * mcelog.conf before the command line ({@code config_file} and {@code config_options} in
 * mcelog's config.c): the file named by {@code --config-file} (or the default, which may be
 * missing) is read and validated first, and its global keys that name long options are applied
 * as if given before the arguments, so the command line overrides them. An explicit file that is
 * missing, or any invalid line, ends the run with one clear message.
 */
final class ConfigOptions {

    /** mcelog's default configuration file. */
    static final Path DEFAULT = Path.of("/etc/mcelog/mcelog.conf");

    private ConfigOptions() {
    }

    /** The value of {@code --config-file FILE} or {@code --config-file=FILE}, if given. */
    static Optional<String> named(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].startsWith("--config-file=")) {
                return Optional.of(args[i].substring("--config-file=".length()));
            }
            if (args[i].equals("--config-file") && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads and validates the configuration, or returns the defaults when the default file is
     * absent.
     *
     * @throws ConfigException the file is invalid, or was named and cannot be read
     */
    static McelogConfig load(Optional<String> named) throws ConfigException {
        Path path = named.map(Path::of).orElse(DEFAULT);
        if (named.isEmpty() && !Files.exists(path)) {
            return McelogConfig.defaults();
        }
        try {
            Set<String> modifiers = McelogOptions.TABLE.keySet().stream().filter(name -> !McelogOptions.isMode(name))
                    .collect(Collectors.toUnmodifiableSet());
            return ConfigValidator.validate(ConfigFile.read(path), modifiers);
        } catch (IOException e) {
            throw new ConfigException(path, "Cannot open config file: " + IoReason.of(e));
        }
    }

    /**
     * Applies the file's option keys as modifiers: an option without argument when its value is a
     * true boolean, one with an argument with the value as it. (Mode options such as {@code ascii}
     * are not accepted in the file: the validator reports them as unknown keys.)
     */
    static void apply(McelogConfig config, McelogOptions options, Usage usage) throws CliExit {
        for (Map.Entry<String, String> e : config.options().entrySet()) {
            String name = e.getKey();
            if (McelogOptions.TABLE.get(name) == GetoptLong.Arg.NONE) {
                if (isTrue(e.getValue())) {
                    options.apply(name, null, usage);
                }
            } else {
                options.apply(name, e.getValue(), usage);
            }
        }
    }

    private static boolean isTrue(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true", "1", "on" -> true;
            default -> false;
        };
    }
}
