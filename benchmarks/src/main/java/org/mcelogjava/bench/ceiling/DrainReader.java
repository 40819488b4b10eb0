package org.mcelogjava.bench.ceiling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;

/**
 * The reading end of CeilingBench's device drain, in its own JVM: the daemon's device reading
 * with everything after it (decoding, formatting, policies, the log file) replaced by nothing. It
 * connects with {@link DeviceConnection}, opens the device as its only reader
 * ({@code O_RDONLY | EXCL_READERS}, as the daemon does), STREAMs with a window of the log's length
 * and ACKs each push at once ({@code ackLater}, up to {@code first + records}), counting records.
 * With {@code decode} it also decodes each record ({@link MceCodec#decode}, no text) and checks
 * that the tags come in order. Prints {@code ready} once the stream is accepted, then
 * {@code done RECORDS PUSHES OVERFLOWS OUT_OF_ORDER} once {@code N} records have come.
 * <p>Usage: {@code DrainReader SOCKET N count|decode}
 */
public final class DrainReader implements DeviceConnection.StreamListener {

    private static final int OVERFLOW = 1 << McelogIoctl.MCE_OVERFLOW;

    private final DeviceConnection connection;
    private final int handle;
    private final int recordLength;
    private final long n;
    private final boolean decode;
    private final CountDownLatch done = new CountDownLatch(1);
    // written by the connection's one I/O thread only; read after done
    private long records;
    private long pushes;
    private long overflows;
    private long outOfOrder;
    private long nextTag = 1;

    private DrainReader(DeviceConnection connection, int handle, int recordLength, long n, boolean decode) {
        this.connection = connection;
        this.handle = handle;
        this.recordLength = recordLength;
        this.n = n;
        this.decode = decode;
    }

    public static void main(String[] args) throws IOException, DeviceException, InterruptedException {
        long n = Long.parseLong(args[1]);
        try (DeviceConnection c = DeviceConnection.connect(Path.of(args[0]), "ceiling-drain")) {
            int handle = c.open(OpenFlags.O_RDONLY | OpenFlags.EXCL_READERS);
            int recordLength = c.ioctl(handle, McelogIoctl.MCE_GET_RECORD_LEN);
            int logLength = c.ioctl(handle, McelogIoctl.MCE_GET_LOG_LEN);
            DrainReader reader = new DrainReader(c, handle, recordLength, n, "decode".equals(args[2]));
            c.stream(handle, logLength, reader);
            System.out.println("ready");
            System.out.flush();
            reader.done.await();
            System.out.printf("done %d %d %d %d%n", reader.records, reader.pushes, reader.overflows, reader.outOfOrder);
            System.out.flush();
        }
    }

    @Override
    public void pushed(DeviceResponse.Stream push) {
        int count = push.length() / recordLength;
        if (count == 0) {
            return; // the stream's first reply
        }
        if (decode) {
            byte[] data = push.data();
            for (int i = 0; i < count; i++) {
                Mce m = MceCodec.decode(data, i * recordLength, recordLength);
                if (m.addr() >>> 12 != nextTag) {
                    outOfOrder++;
                }
                nextTag = (m.addr() >>> 12) + 1;
            }
        }
        connection.ackLater(handle, push.firstSequence() + count); // after the work, as the daemon ACKs
        records += count;
        pushes++;
        if ((push.flags() & OVERFLOW) != 0) {
            overflows++;
        }
        if (records >= n) {
            done.countDown();
        }
    }

    @Override
    public void ended(IOException cause) {
        if (records < n) { // not the close that follows done
            System.err.println("drain reader: stream ended after " + records + " records: " + cause.getMessage());
        }
        done.countDown();
    }
}
