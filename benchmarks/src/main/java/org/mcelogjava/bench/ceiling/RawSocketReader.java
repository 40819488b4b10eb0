package org.mcelogjava.bench.ceiling;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The reading end of CeilingBench's raw socket phase, in its own JVM: connects to a Unix socket,
 * prints {@code ready}, reads into a buffer of {@code RECORDS_PER_READ} 128-byte records until
 * {@code N} records' bytes have come, counting bytes and nothing else (no protocol, no record
 * boundaries), then prints {@code done BYTES}.
 * <p>Usage: {@code RawSocketReader SOCKET N RECORDS_PER_READ}
 */
public final class RawSocketReader {

    private RawSocketReader() {
    }

    public static void main(String[] args) throws IOException {
        Path socket = Path.of(args[0]);
        long want = Long.parseLong(args[1]) * CeilingBench.RECORD_LENGTH;
        ByteBuffer buf = ByteBuffer.allocateDirect(Integer.parseInt(args[2]) * CeilingBench.RECORD_LENGTH);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            System.out.println("ready");
            System.out.flush();
            long bytes = 0;
            while (bytes < want) {
                buf.clear();
                int r = ch.read(buf);
                if (r < 0) {
                    break;
                }
                bytes += r;
            }
            System.out.println("done " + bytes);
            System.out.flush();
        }
    }
}
