package org.mcelogjava.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The invariant of issue #8, checked for one run: every record the device stored ends up exactly
 * once in the daemon's log files, or is still pending in the device, or was dropped and counted by
 * the device's overflow. Records are told apart by a tag in their ADDR ({@code tag << 12}); a
 * record's text is whole when its block, from "Hardware event." to the next, holds its ADDR line
 * and ends with the CPUID line.
 */
public final class LogReconciler {

    private static final String HEADER = "Hardware event. This is not a software error.\n";
    private static final Pattern ADDR = Pattern.compile("\\bADDR ([0-9a-f]+) \n");

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
