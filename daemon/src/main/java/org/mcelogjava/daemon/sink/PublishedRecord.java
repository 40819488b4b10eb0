package org.mcelogjava.daemon.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.stream.RawFrames;
import org.mcelogjava.protocol.stream.StreamJson;
import org.mcelogjava.protocol.stream.StreamRecord;
import org.mcelogjava.protocol.stream.Subscribe;

/**
 * A record on its way to the stream readers, encoded once per format however many readers take it:
 * the first reader that needs its JSON line (or raw frame) encodes it, the others write the same
 * bytes. Two readers encoding at once both get the same bytes; one of the copies is kept.
 */
final class PublishedRecord {

    private static final StreamJson JSON = new StreamJson();

    private final StreamRecord record;
    private final int recordLength;
    private volatile byte[] jsonLine;
    private volatile byte[] rawFrame;

    /** @param recordLength struct mce length in raw frames */
    PublishedRecord(StreamRecord record, int recordLength) {
        this.record = record;
        this.recordLength = recordLength;
    }

    long seq() {
        return record.seq();
    }

    /** The record as {@code format} sends it: a JSON line, or a raw frame; the bytes are shared, not to be written to. */
    ByteBuf frame(Subscribe.Format format) {
        return Unpooled.wrappedBuffer(format == Subscribe.Format.JSON ? jsonLine() : rawFrame());
    }

    private byte[] jsonLine() {
        byte[] line = jsonLine;
        if (line == null) {
            line = (JSON.record(record) + "\n").getBytes(StandardCharsets.UTF_8);
            jsonLine = line;
        }
        return line;
    }

    private byte[] rawFrame() {
        byte[] frame = rawFrame;
        if (frame == null) {
            frame = RawFrames.record(record.seq(), MceCodec.encode(record.mce(), recordLength));
            rawFrame = frame;
        }
        return frame;
    }
}
