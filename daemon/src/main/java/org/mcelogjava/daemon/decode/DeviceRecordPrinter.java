package org.mcelogjava.daemon.decode;

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
    private final EventAnnouncer announcer;

    /**
     * @param raw whether {@code --raw}/{@code --dump-raw-ascii} is in effect
     */
    public DeviceRecordPrinter(MceTextFormatter formatter, RawMceFormatter rawFormatter, boolean raw) {
        this(formatter, rawFormatter, raw, EventAnnouncer.NONE);
    }

    /** @param announcer runs the decode-time triggers inside the record's text (daemon mode) */
    public DeviceRecordPrinter(MceTextFormatter formatter, RawMceFormatter rawFormatter, boolean raw,
                               EventAnnouncer announcer) {
        this.formatter = formatter;
        this.rawFormatter = rawFormatter;
        this.raw = raw;
        this.announcer = announcer;
    }

    /** The same printer, announcing decode-time triggers through {@code announcer}. */
    public DeviceRecordPrinter withAnnouncer(EventAnnouncer announcer) {
        return new DeviceRecordPrinter(formatter, rawFormatter, raw, announcer);
    }

    /** Appends the text of record {@code index} of a read batch. */
    public void print(DecodedMce decoded, int index, TextBuffer out) {
        if (raw) {
            rawFormatter.format(decoded.mce(), decoded.recordLength(), out);
            return;
        }
        out.append("Hardware event. This is not a software error.\nMCE ").append(index).append('\n');
        formatter.format(decoded, out, announcer);
    }
}
