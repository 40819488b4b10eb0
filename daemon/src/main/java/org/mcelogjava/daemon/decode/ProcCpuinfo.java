package org.mcelogjava.daemon.decode;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What mcelog's {@code is_cpu_supported} takes from {@code /proc/cpuinfo}: the first CPU's
 * {@code vendor_id}, {@code cpu family} and {@code model}, read with mcelog's {@code sscanf}
 * patterns; the file counts as parsed only when that CPU's {@code cpu MHz} and {@code flags} lines
 * (a {@code flags} line is one whose seventh character is blank, as in the kernel's
 * {@code "flags\t\t:"}) were seen too.
 *
 * @param vendor the vendor id, e.g. {@code GenuineIntel}
 * @param family the display family
 * @param model  the display model
 */
public record ProcCpuinfo(String vendor, int family, int model) {

    private static final Pattern VENDOR = Pattern.compile("vendor_id\\s*:\\s*([^\\n]{1,63})");
    private static final Pattern FAMILY = Pattern.compile("cpu\\s*family\\s*:\\s*([+-]?\\d+)");
    private static final Pattern MODEL = Pattern.compile("model\\s*:\\s*([+-]?\\d+)");
    private static final Pattern MHZ = Pattern.compile("cpu\\s*MHz\\s*:\\s*[+-]?(\\d|\\.\\d)");

    /** The first CPU's identity, or empty when its five lines are not all there ("Cannot parse"). */
    public static Optional<ProcCpuinfo> parse(String text) {
        String vendor = null;
        Integer family = null;
        Integer model = null;
        boolean mhz = false;
        boolean flags = false;
        for (String line : text.split("\n")) {
            if (vendor != null && family != null && model != null && mhz && flags) {
                break;
            }
            Matcher m = VENDOR.matcher(line);
            if (m.lookingAt()) {
                vendor = m.group(1);
            }
            m = FAMILY.matcher(line);
            if (m.lookingAt()) {
                family = number(m.group(1));
            }
            m = MODEL.matcher(line);
            if (m.lookingAt()) {
                model = number(m.group(1));
            }
            if (MHZ.matcher(line).lookingAt()) {
                mhz = true;
            }
            if (line.startsWith("flags") && line.length() > 6 && Character.isWhitespace(line.charAt(6))) {
                flags = true;
            }
        }
        if (vendor == null || family == null || model == null || !mhz || !flags) {
            return Optional.empty();
        }
        return Optional.of(new ProcCpuinfo(vendor, family, model));
    }

    /**
     * is_cpu_supported's verdict: AMD family 15 is decoded as K8, later AMD families and Hygon are
     * refused with mcelog's message (except, unless the selector keeps mcelog's behaviour, AMD
     * family 17h and later, which are decoded as {@link CpuType#SMCA}), Intel gets its type from family and model (with the selector's
     * notes), any other vendor leaves the type to the records.
     */
    public Verdict verdict(CpuSelector selector) {
        return switch (vendor) {
            case "AuthenticAMD" -> family == 15 ? Verdict.of(CpuType.K8)
                    : selector.smca(family) ? Verdict.of(CpuType.SMCA)
                    : family >= 16 ? Verdict.refused("ERROR: AMD Processor family " + family
                            + ": mcelog does not support this processor.  Please use the edac_mce_amd module instead.")
                    : Verdict.NONE;
            case "HygonGenuine" -> Verdict.refused("ERROR: Hygon Processor family " + family
                    + ": mcelog does not support this processor.  Please use the edac_mce_amd module instead.");
            case "GenuineIntel" -> Verdict.of(selector.intel(family, model));
            default -> Verdict.NONE;
        };
    }

    private static int number(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return digits.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
    }

    /**
     * @param type    the CPU type the file selects, if any
     * @param refusal mcelog's error line when the CPU is not supported
     */
    public record Verdict(Optional<CpuType> type, Optional<String> refusal) {
        static final Verdict NONE = new Verdict(Optional.empty(), Optional.empty());

        static Verdict of(CpuType type) {
            return new Verdict(Optional.of(type), Optional.empty());
        }

        static Verdict refused(String line) {
            return new Verdict(Optional.empty(), Optional.of(line));
        }

        public boolean supported() {
            return refusal.isEmpty();
        }
    }
}
