import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.stream.RawFrames;
import org.mcelogjava.protocol.stream.Subscribe;

/**
 * A reader of the daemon's raw record stream (PROTOCOL.md §15.2) that uses only the protocol module:
 * {@code Subscribe} for the request and answer, {@code RawFrames} for the frame types, {@code MceCodec}
 * to decode each struct mce. Run from the installation tree with the JDK's source launcher:
 *
 * <pre>java -cp lib/mcelog-protocol-*.jar examples/readers/StreamReader.java [--count N] SOCKET</pre>
 */
public final class StreamReader {

    public static void main(String[] args) throws IOException {
        int count = 0;
        String socket = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--count") && i + 1 < args.length) {
                count = Integer.parseInt(args[++i]);
            } else if (!args[i].startsWith("-") && socket == null) {
                socket = args[i];
            } else {
                System.err.println("usage: StreamReader [--count N] SOCKET");
                System.exit(1);
            }
        }
        if (socket == null) {
            System.err.println("usage: StreamReader [--count N] SOCKET");
            System.exit(1);
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Subscribe request = new Subscribe(Subscribe.VERSION, Subscribe.Format.RAW, false);
            ch.write(ByteBuffer.wrap(("subscribe " + request.version() + " raw\n").getBytes(StandardCharsets.US_ASCII)));
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            String answer = line(in);
            if (!(answer + "\n").equals(request.acceptance())) {
                System.err.println("StreamReader: " + socket + ": the daemon refused: " + answer);
                System.exit(1);
            }
            System.out.println(answer);
            read(in, count);
        } catch (IOException e) {
            System.err.println("StreamReader: " + socket + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** Frames until {@code count} records (0: forever): u32 length (type included), u8 type, payload. */
    private static void read(DataInputStream in, int count) throws IOException {
        int seen = 0;
        while (count == 0 || seen < count) {
            ByteBuffer header = ByteBuffer.wrap(in.readNBytes(5)).order(ByteOrder.LITTLE_ENDIAN);
            if (header.remaining() < 5) {
                throw new EOFException("the daemon closed the stream");
            }
            int length = header.getInt();
            int type = header.get() & 0xFF;
            ByteBuffer payload = ByteBuffer.wrap(in.readNBytes(length - 1)).order(ByteOrder.LITTLE_ENDIAN);
            switch (type) {
                case RawFrames.RECORD -> {
                    long seq = payload.getLong();
                    Mce m = MceCodec.decode(payload.array(), 8, length - 9);
                    System.out.printf("record %d cpu %d bank %d status 0x%x%s%n", seq, m.extcpu(), m.bank(),
                            m.status(), m.statusView().uc() ? " uncorrected" : " corrected");
                    seen++;
                }
                case RawFrames.HEARTBEAT -> System.out.printf("heartbeat time %d last seq %d%n",
                        payload.getLong(), payload.getLong());
                case RawFrames.MISSED -> System.out.printf("missed %d records%n", payload.getLong());
                default -> { } // a later frame type: skipped by its length
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the daemon closed the connection");
            }
            b.append((char) c);
        }
        return b.toString();
    }
}
