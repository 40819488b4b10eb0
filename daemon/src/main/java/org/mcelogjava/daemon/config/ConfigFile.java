package org.mcelogjava.daemon.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lines of an mcelog.conf ({@code parse_config_file} in mcelog's config.c): {@code #} starts a
 * comment anywhere on a line, {@code [section]} starts a section, {@code name = value} sets a key
 * (both stripped of white space), lines before the first header belong to {@code global}. A header
 * with characters after its {@code ]} and a line that is neither field nor header are errors.
 * When a key repeats within a section, the first occurrence is the one that counts, as in mcelog.
 */
public final class ConfigFile {

    /** The implicit section before the first header. */
    public static final String GLOBAL = "global";

    private final Path path;
    private final Map<String, Map<String, ConfigEntry>> sections;

    private ConfigFile(Path path, Map<String, Map<String, ConfigEntry>> sections) {
        this.path = path;
        this.sections = sections;
    }

    /** Reads and parses {@code path}. */
    public static ConfigFile read(Path path) throws IOException, ConfigException {
        return parse(path, Files.readAllLines(path, StandardCharsets.UTF_8));
    }

    /** Parses the given lines, naming {@code path} in errors. */
    public static ConfigFile parse(Path path, List<String> lines) throws ConfigException {
        Map<String, Map<String, ConfigEntry>> sections = new LinkedHashMap<>();
        String section = GLOBAL;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String raw = lines.get(i);
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                if (close < 0) {
                    throw new ConfigException(path, lineNo, "header without ending ]");
                }
                if (!line.substring(close + 1).isBlank()) {
                    throw new ConfigException(path, lineNo, "left over characters after the header " + line.substring(0, close + 1));
                }
                section = line.substring(1, close).strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(path, lineNo, "line is neither a field (name = value) nor a [header]: " + line);
            }
            String key = line.substring(0, eq).strip();
            if (key.isEmpty()) {
                throw new ConfigException(path, lineNo, "field without a name: " + line);
            }
            ConfigEntry entry = new ConfigEntry(section, key, line.substring(eq + 1).strip(), lineNo);
            sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).putIfAbsent(key, entry);
        }
        return new ConfigFile(path, sections);
    }

    public Path path() {
        return path;
    }

    /** The entry for {@code key} in {@code section}, if set. */
    public Optional<ConfigEntry> get(String section, String key) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
    }

    /** Every entry, in file order of first appearance per section. */
    public List<ConfigEntry> entries() {
        List<ConfigEntry> all = new ArrayList<>();
        sections.values().forEach(keys -> all.addAll(keys.values()));
        all.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return all;
    }
}
