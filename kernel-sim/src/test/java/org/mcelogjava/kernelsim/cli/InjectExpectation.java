package org.mcelogjava.kernelsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One {@code .expect} file of the injection conformance examples (key: value lines, repeated
 * keys allowed), with the README's rules for reading the derived values.
 */
final class InjectExpectation {

    private final Map<String, List<String>> keys = new TreeMap<>();

    InjectExpectation(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.contains(": ")) {
                continue;
            }
            int i = line.indexOf(": ");
            keys.computeIfAbsent(line.substring(0, i), k -> new ArrayList<>()).add(line.substring(i + 2));
        }
    }

    String ser() {
        return first("ser").orElseThrow().split(" ")[0];
    }

    /** The value for a key in the given variant ("" top level, "noser." for the non-SER run). */
    Optional<String> first(String key) {
        List<String> v = keys.get(key);
        return v == null ? Optional.empty() : Optional.of(v.get(0));
    }

    List<String> all(String key) {
        return keys.getOrDefault(key, List.of());
    }

    /** True when the noser variant has its own values. */
    boolean hasNoserOverrides() {
        return keys.keySet().stream().anyMatch(k -> k.startsWith("noser."));
    }

    /** A derived value for a variant: "none" and absent read as null, a parenthetical remark is dropped. */
    String derived(String prefix, String key) {
        Optional<String> v = prefix.isEmpty() || !hasNoserOverrides() ? first(key) : first(prefix + key);
        if (v.isEmpty()) {
            return null;
        }
        String s = v.get();
        if (key.equals("severity")) {
            s = s.split(" ")[0];
        }
        return s.equals("none") ? null : s;
    }

    /** The expected logged records of a variant, each as "cpu=.. bank=.. status=.. mcgstatus=.. misc=.. addr=.. rip=cs:ip severity=..". */
    List<String> logged(String prefix) {
        List<String> v = prefix.isEmpty() || !hasNoserOverrides() ? all("logged") : all(prefix + "logged");
        return v.size() == 1 && v.get(0).equals("none") ? List.of() : v;
    }
}
