package org.mcelogjava.daemon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.mcelogjava.daemon.ascii.AsciiParser;
import org.mcelogjava.daemon.ascii.AsciiRecord;
import org.mcelogjava.daemon.ascii.AsciiSink;
import org.mcelogjava.daemon.ascii.LineReader;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.decode.MceTextFormatter;
import org.mcelogjava.daemon.decode.RawMceFormatter;
import org.mcelogjava.daemon.decode.TextBuffer;

/**
 * {@code mcelog --ascii} ({@code ascii_command} and {@code dump_mce_final} in mcelog.c): parses
 * the input, decodes each record and writes mcelog's text (disclaimer unless a
 * {@code HARDWARE ERROR} banner was seen, the record, {@code RIP: symbol},
 * {@code (Fields were incomplete)}), or the raw form, echoing unrecognised lines in between.
 * Output is buffered and written in large batches; before an error note goes to stderr, the text
 * of the records decoded so far is written out, so that a merged stdout/stderr shows the same
 * order as mcelog, which flushes stdout after each record (lines echoed since stay buffered, as
 * in mcelog's stdio buffer).
 */
final class AsciiCommand implements AsciiSink {

    private static final int FLUSH_THRESHOLD = 1 << 16;

    private final CpuTypeTracker tracker;
    private final MceDecoder decoder;
    private final MceTextFormatter formatter;
    private final RawMceFormatter rawFormatter = new RawMceFormatter();
    private final boolean raw;
    private final OutputStream out;
    private final TextBuffer text = new TextBuffer(FLUSH_THRESHOLD + 4096);
    /** Length of {@link #text} at the end of the last record. */
    private int recordsEnd;

    AsciiCommand(McelogOptions options, MceTextFormatter formatter, OutputStream out, PrintStream err) {
        Consumer<String> errors = line -> {
            writeRecords();
            err.print("mcelog: " + line + "\n");
        };
        this.tracker = new CpuTypeTracker(options.cpuType(), options.cpuForced(), errors, options.amdDecoding());
        this.decoder = new MceDecoder(tracker, new CpuDecoders());
        this.formatter = formatter;
        this.raw = options.raw();
        this.out = out;
    }

    /** Decodes all of {@code in}. */
    void run(InputStream in) throws IOException {
        new AsciiParser(this, !raw).parse(new LineReader(in));
        flush();
    }

    @Override
    public void record(AsciiRecord record) {
        if (raw) {
            // mcelog still follows the record's CPUID (and reports on it) in raw mode
            tracker.observe(record.mce().cpuvendor(), record.mce().cpuid());
            rawFormatter.format(record.mce(), record.recordLength(), text);
        } else {
            DecodedMce decoded = decoder.decode(record.mce(), record.recordLength());
            if (!record.disclaimerSeen()) {
                text.append("Hardware event. This is not a software error.\n");
            }
            formatter.format(decoded, text);
            if (!record.symbol().isEmpty()) {
                text.append("RIP: ").append(record.symbol()).append('\n');
            }
            if (record.incomplete()) {
                text.append("(Fields were incomplete)\n");
            }
        }
        recordsEnd = text.length();
        if (recordsEnd >= FLUSH_THRESHOLD) {
            writeRecords();
        }
    }

    @Override
    public void echo(String line) {
        text.append(line);
    }

    /** Writes the text of the records decoded so far ({@code flushlog()} after each record). */
    private void writeRecords() {
        try {
            text.writeHeadTo(out, recordsEnd);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recordsEnd = 0;
    }

    private void flush() {
        recordsEnd = text.length();
        writeRecords();
    }
}
