package org.mcelogjava.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read as systemd reads it, for the parts the shipped units use: sections,
 * {@code Key=value} assignments (repeated keys accumulate, an empty assignment resets the list),
 * comment lines ({@code #}, {@code ;}) and backslash line continuations, which systemd joins with
 * a space (systemd.syntax(7)); command lines split into words as systemd.service(5) "Command
 * lines" says, with {@code ${VAR}} and whole-word {@code $VAR} expanded from an environment.
 * Anything else a unit might use ({@code %} specifiers, C escapes, {@code ;}-separated commands)
 * is refused rather than misread, so a test never runs a command other than the one systemd would.
 */
final class UnitFile {

    private final Path file;
    private final Map<String, List<String>> values;

    private UnitFile(Path file, Map<String, List<String>> values) {
        this.file = file;
        this.values = values;
    }

    static UnitFile read(Path file) throws IOException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String section = null;
        StringBuilder pending = null;
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue; // also inside a continued assignment, as systemd does
            }
            if (pending != null) {
                pending.append(' ').append(trimmed);
            } else if (trimmed.isEmpty()) {
                continue;
            } else if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                section = trimmed.substring(1, trimmed.length() - 1);
                continue;
            } else {
                pending = new StringBuilder(trimmed);
            }
            if (pending.toString().endsWith("\\")) {
                pending.setLength(pending.length() - 1);
                continue;
            }
            String assignment = pending.toString();
            pending = null;
            int eq = assignment.indexOf('=');
            if (section == null || eq < 1) {
                throw new IllegalArgumentException(file + ": not an assignment in a section: " + assignment);
            }
            String key = section + "." + assignment.substring(0, eq).strip();
            String value = assignment.substring(eq + 1).strip();
            if (value.isEmpty()) {
                values.remove(key);
            } else {
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return new UnitFile(file, values);
    }

    Path file() {
        return file;
    }

    /** Every value of {@code Section.Key}, in file order; empty when the unit does not set it. */
    List<String> values(String key) {
        return List.copyOf(values.getOrDefault(key, List.of()));
    }

    /** The one value of {@code Section.Key}, or {@code fallback} when the unit does not set it. */
    String value(String key, String fallback) {
        List<String> v = values(key);
        if (v.size() > 1) {
            throw new IllegalArgumentException(file + " sets " + key + " " + v.size() + " times");
        }
        return v.isEmpty() ? fallback : v.get(0);
    }

    /** Values of a key that takes space-separated lists ({@code RuntimeDirectory=}, {@code ReadWritePaths=}). */
    List<String> words(String key) {
        List<String> words = new ArrayList<>();
        for (String v : values(key)) {
            words.addAll(List.of(v.split("\\s+")));
        }
        return words;
    }

    /**
     * A command line split into words and expanded as systemd does: quotes group words,
     * {@code ${VAR}} is replaced within a word, {@code $VAR} standing alone becomes the
     * whitespace-separated words of its value, {@code $$} is a dollar. Special executable prefixes
     * ({@code -}, {@code @}, {@code +}, {@code !}, {@code :}) are refused: the shipped units use none.
     */
    static List<String> command(String line, Map<String, String> environment) {
        List<String> words = new ArrayList<>();
        for (RawWord raw : split(line)) {
            String w = raw.text();
            if (!raw.quoted() && w.matches("\\$[A-Za-z_][A-Za-z0-9_]*")) {
                String v = variable(w.substring(1), environment, line);
                for (String part : v.strip().split("\\s+")) {
                    if (!part.isEmpty()) {
                        words.add(part);
                    }
                }
            } else {
                words.add(expand(w, environment, line));
            }
        }
        if (words.isEmpty() || "-@+!:".indexOf(words.get(0).charAt(0)) >= 0) {
            throw new IllegalArgumentException("a command without a plain absolute executable: " + line);
        }
        return words;
    }

    private record RawWord(String text, boolean quoted) {
    }

    private static List<RawWord> split(String line) {
        List<RawWord> words = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (w != null) {
                    words.add(new RawWord(w.toString(), quoted));
                    w = null;
                    quoted = false;
                }
                continue;
            }
            if (w == null) {
                w = new StringBuilder();
            }
            if (c == '"' || c == '\'') {
                int end = line.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unbalanced quote in: " + line);
                }
                w.append(line, i + 1, end);
                quoted = true;
                i = end;
            } else if (c == '\\' || c == '%' || c == ';' && w.length() == 0) {
                throw new IllegalArgumentException("'" + c + "' is beyond what this reader knows, in: " + line);
            } else {
                w.append(c);
            }
        }
        if (w != null) {
            words.add(new RawWord(w.toString(), quoted));
        }
        return words;
    }

    private static String expand(String word, Map<String, String> environment, String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '$' && word.startsWith("$$", i)) {
                out.append('$');
                i++;
            } else if (c == '$' && word.startsWith("${", i)) {
                int end = word.indexOf('}', i);
                out.append(variable(word.substring(i + 2, end), environment, line));
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String variable(String name, Map<String, String> environment, String line) {
        String v = environment.get(name);
        if (v == null) {
            // systemd would substitute nothing; a test should not run a command that lost a word.
            throw new IllegalArgumentException("$" + name + " is not set for: " + line);
        }
        return v;
    }

    /** The variables of an {@code Environment=} value: {@code VAR=value} words, quotes grouping a word. */
    static Map<String, String> assignments(String value) {
        Map<String, String> env = new LinkedHashMap<>();
        for (RawWord w : split(value)) {
            int eq = w.text().indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("not an assignment: " + w.text() + " in Environment=" + value);
            }
            env.put(w.text().substring(0, eq), w.text().substring(eq + 1));
        }
        return env;
    }

    /**
     * An {@code EnvironmentFile=} as systemd reads it: {@code KEY=VALUE} lines, {@code #} and
     * {@code ;} comments, a value optionally in quotes. Continuations and escapes are refused.
     */
    static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq < 1 || t.contains("\\")) {
                throw new IllegalArgumentException(file + ": beyond what this reader knows: " + line);
            }
            String value = t.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                    && value.charAt(value.length() - 1) == value.charAt(0)) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(t.substring(0, eq).strip(), value);
        }
        return env;
    }
}
