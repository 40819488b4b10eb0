package org.mcelogjava.daemon.decode;

import java.util.List;

/**
 * The text mcelog writes for records read from the device ({@code process()} in mcelog.c): per
 * record the disclaimer, {@code MCE <index in this read>} and the decoded record, or the raw form
 * with {@code --raw}; and the line for a device that reports a record length of zero.
 */
public final class DeviceRecordPrinter {

    /** What mcelog prints instead of reading when the record length is 0. */
    public static final String NO_DATA = "no data in mce record\n";

    private final MceTextFormatter formatter;
    private final RawMceFormatter rawFormatter;
    private final boolean raw;

    /**
     * @param raw whether {@code --raw}/{@code --dump-raw-ascii} is in effect
     */
    public DeviceRecordPrinter(MceTextFormatter formatter, RawMceFormatter rawFormatter, boolean raw) {
        this.formatter = formatter;
        this.rawFormatter = rawFormatter;
        this.raw = raw;
    }

    /**
     * Whether records are printed decoded ({@code dump_mce}), which is where mcelog runs its
     * decode-time triggers; with {@code --raw} they are neither decoded nor triggered.
     */
    public boolean decodes() {
        return !raw;
    }

    /** Appends the text of record {@code index} of a read batch. */
    public void print(DecodedMce decoded, int index, TextBuffer out) {
        print(decoded, index, List.of(), out);
    }

    /**
     * Appends the text of record {@code index} of a read batch, with {@code inserts} (the decode-time
     * triggers' lines) written into its decode text; a raw record has no decode text to write them in.
     */
    public void print(DecodedMce decoded, int index, List<TextInsert> inserts, TextBuffer out) {
        if (raw) {
            rawFormatter.format(decoded.mce(), decoded.recordLength(), out);
            return;
        }
        out.append("Hardware event. This is not a software error.\nMCE ").append(index).append('\n');
        formatter.format(decoded, out, inserts);
    }
}
