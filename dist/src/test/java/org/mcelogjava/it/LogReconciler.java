package org.mcelogjava.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The invariant of issue #8, checked for one run: every record the device stored ends up exactly
 * once in the daemon's log files, or is still pending in the device, or was dropped and counted by
 * the device's overflow. Records are told apart by a tag in their ADDR ({@code tag << 12}); a
 * record's text is whole when its block, from "Hardware event." to the next, holds its ADDR line
 * and ends with the CPUID line.
 *
 * <p>Issue #15 extends it from the log to the daemon's other sinks: the record stream (each JSON
 * record's {@code addr}, {@link #tallyStream}) and the accounting the client's {@code dump} shows
 * ({@link #dumpedCorrected}), so one check says whether every sink saw every record once.
 */
public final class LogReconciler {

    private static final String HEADER = "Hardware event. This is not a software error.\n";
    private static final Pattern ADDR = Pattern.compile("\\bADDR ([0-9a-f]+) \n");
    private static final Pattern JSON_ADDR = Pattern.compile("\"addr\":\"0x([0-9a-f]+)\"");
    private static final Pattern DUMP_CORRECTED = Pattern.compile(
            "(?m)^(SOCKET [^\n]*)\n(?:DMI_[^\n]*\n)?corrected memory errors:\n\t(\\d+) total\n");

    /** What the log files hold. */
    public record Tally(int records, int distinct, List<String> duplicates, List<String> torn, List<String> unknown) {
    }

    private LogReconciler() {
    }

    /**
     * Reads the log files (a rotated set, oldest first) and tallies the tagged records.
     *
     * @param maxTag the highest tag injected; tags 1..maxTag are known
     */
    public static Tally tally(List<Path> logs, int maxTag) throws IOException {
        BitSet seen = new BitSet(maxTag + 1);
        List<String> duplicates = new ArrayList<>();
        List<String> torn = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int records = 0;
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            int at = text.indexOf(HEADER);
            while (at >= 0) {
                int next = text.indexOf(HEADER, at + HEADER.length());
                String block = text.substring(at, next < 0 ? text.length() : next);
                records++;
                Matcher m = ADDR.matcher(block);
                if (!m.find() || !wholeRecord(block)) {
                    torn.add(log.getFileName() + "@" + at + ": " + block.replace('\n', '|'));
                } else {
                    long tag = Long.parseLong(m.group(1), 16) >>> 12;
                    if (tag < 1 || tag > maxTag) {
                        unknown.add(log.getFileName() + "@" + at + ": tag " + tag);
                    } else if (seen.get((int) tag)) {
                        duplicates.add(log.getFileName() + "@" + at + ": tag " + tag);
                    } else {
                        seen.set((int) tag);
                    }
                }
                at = next;
            }
        }
        return new Tally(records, seen.cardinality(), duplicates, torn, unknown);
    }

    /**
     * Tallies the tagged records of a stream reader's JSON lines (PROTOCOL.md: {@code "type":"record"}
     * lines; hello and heartbeat lines are not records). A record line without an {@code addr} is torn.
     */
    public static Tally tallyStream(List<String> jsonLines, int maxTag) {
        BitSet seen = new BitSet(maxTag + 1);
        List<String> duplicates = new ArrayList<>();
        List<String> torn = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int records = 0;
        for (int i = 0; i < jsonLines.size(); i++) {
            String line = jsonLines.get(i);
            if (!line.startsWith("{\"type\":\"record\"")) {
                continue;
            }
            records++;
            Matcher m = JSON_ADDR.matcher(line);
            if (!m.find()) {
                torn.add("stream line " + i + ": " + line);
                continue;
            }
            long tag = Long.parseLong(m.group(1), 16) >>> 12;
            if (tag < 1 || tag > maxTag) {
                unknown.add("stream line " + i + ": tag " + tag);
            } else if (seen.get((int) tag)) {
                duplicates.add("stream line " + i + ": tag " + tag);
            } else {
                seen.set((int) tag);
            }
        }
        return new Tally(records, seen.cardinality(), duplicates, torn, unknown);
    }

    /**
     * The corrected memory errors a client {@code dump} counts, by the site line that heads each
     * entry ("SOCKET 0 CHANNEL 1 DIMM any"), in the dump's order.
     */
    public static Map<String, Long> dumpedCorrected(String dump) {
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = DUMP_CORRECTED.matcher(dump);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    /** The block's record lines end with the CPUID line; daemon notices may follow, each a whole line. */
    private static boolean wholeRecord(String block) {
        int cpuid = block.indexOf("\nCPUID Vendor ");
        return cpuid >= 0 && block.endsWith("\n") && block.indexOf('\n', cpuid + 1) > 0;
    }

    /**
     * Checks the invariant; returns a description of every violation (empty when it holds).
     *
     * @param stored  records the device accepted (injected minus dropped)
     * @param pending records still in the device
     */
    public static List<String> violations(Tally t, long stored, long pending) {
        List<String> v = new ArrayList<>();
        t.duplicates().stream().limit(5).forEach(d -> v.add("duplicate " + d));
        t.torn().stream().limit(5).forEach(d -> v.add("torn " + d));
        t.unknown().stream().limit(5).forEach(d -> v.add("unknown " + d));
        if (t.distinct() + pending != stored) {
            v.add("logged " + t.distinct() + " + pending " + pending + " != stored " + stored);
        }
        return v;
    }
}
