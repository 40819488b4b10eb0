package org.mcelogjava.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.sink.StreamHub;

/**
 * The client socket's codec with the exact bytes collectd's mcelog plugin sends: {@code "dump all
 * bios\n"} and its C string's terminating NUL, 15 bytes per request on one long-lived connection.
 */
class ClientLineDecoderTest {

    /** {@code sizeof("dump all bios\n")}: collectd's mcelog plugin writes the NUL too. */
    static final byte[] COLLECTD_REQUEST = "dump all bios\n\0".getBytes(StandardCharsets.US_ASCII);
    private static final String DUMP = "Memory errors\nSOCKET 0 CHANNEL 1 DIMM 0\nDMI_NAME \"CPU0_DIMM_B1\" "
            + "DMI_LOCATION \"NODE 0\"\ncorrected memory errors:\n\t3 total\nuncorrected memory errors:\n\t0 total\n\n";
    private static final String REPLY = DUMP + "done\n";

    private final EmbeddedChannel channel = new EmbeddedChannel(new ClientLineDecoder(ClientServer.MAX_LINE),
            new ClientSession(new ClientQueries() {
                @Override
                public String dump(boolean all, boolean bios) {
                    return all && bios ? DUMP : "wrong dump flags\n";
                }

                @Override
                public String pages() {
                    return "";
                }
            }, new StreamHub(1, 128, () -> 0L)));

    @AfterEach
    void nothingIsLeftOver() {
        assertFalse(channel.finish(), "unanswered input or unread replies");
    }

    @Test
    void theRequestAloneGetsOneDumpAndTheNulIsNoCommand() {
        channel.writeInbound(Unpooled.wrappedBuffer(COLLECTD_REQUEST));
        assertEquals(REPLY, repliesAfterTheClientWentQuiet());
    }

    @Test
    void twoRequestsInOneWriteGetTwoDumps() {
        byte[] twice = new byte[2 * COLLECTD_REQUEST.length];
        System.arraycopy(COLLECTD_REQUEST, 0, twice, 0, COLLECTD_REQUEST.length);
        System.arraycopy(COLLECTD_REQUEST, 0, twice, COLLECTD_REQUEST.length, COLLECTD_REQUEST.length);
        channel.writeInbound(Unpooled.wrappedBuffer(twice));
        assertEquals(REPLY + REPLY, repliesAfterTheClientWentQuiet());
    }

    @Test
    void requestsSplitAnywhereGetOneDumpEach() {
        for (int split = 1; split < COLLECTD_REQUEST.length; split++) {
            channel.writeInbound(Unpooled.wrappedBuffer(COLLECTD_REQUEST, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(COLLECTD_REQUEST, split, COLLECTD_REQUEST.length - split));
            assertEquals(REPLY, repliesAfterTheClientWentQuiet(), "split after byte " + split);
        }
    }

    @Test
    void theNulOfOneRequestDoesNotSpoilTheNextOneSentQuickly() {
        channel.writeInbound(Unpooled.wrappedBuffer(COLLECTD_REQUEST, 0, COLLECTD_REQUEST.length - 1));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 'p', 'i', 'n', 'g', '\n'}));
        assertEquals(REPLY + "pong\n", repliesAfterTheClientWentQuiet());
    }

    @Test
    void aNulEndsACommandWithoutNewline() {
        channel.writeInbound(Unpooled.wrappedBuffer("ping\0".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("pong\n", replies());
    }

    /** Lets the partial-line delay pass, so a dangling NUL would have been answered by now. */
    private String repliesAfterTheClientWentQuiet() {
        channel.advanceTimeBy(ClientLineDecoder.PARTIAL_LINE_DELAY_MILLIS + 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        return replies();
    }

    private String replies() {
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }
}
