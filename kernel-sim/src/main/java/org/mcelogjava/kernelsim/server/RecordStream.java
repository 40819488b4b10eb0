package org.mcelogjava.kernelsim.server;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.RejectedExecutionException;
import org.mcelogjava.kernelsim.dev.HeldRecords;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.StreamedRecords;
import org.mcelogjava.protocol.device.DeviceResponse;

/**
 * One handle's STREAM (PROTOCOL.md §5): the device's records pushed to the reader as they are
 * logged, each push held by the handle as a READ_HELD's records are, while the handle holds fewer
 * than the reader's window. A push takes what is pending, up to the room left, so records logged
 * together go in one frame; one flush per pump. When the window is full the stream waits for an
 * ACK ({@link #pump} again); when nothing is pending it sleeps on the device's wait queue, having
 * joined it before it looked, as a poll does, so a record logged in between wakes it.
 *
 * <p>Touched only on the connection's event loop; the device's wake-up hops onto it.
 */
final class RecordStream {

    private final ChannelHandlerContext ctx;
    private final McelogDevice device;
    private final HeldRecords held;
    private final int tag;
    private final int window;
    private final Runnable waiter;
    private boolean asleep;
    private boolean stopped;

    /**
     * @param tag    the STREAM request's tag, which every push carries
     * @param window the most records the handle may hold unacknowledged, 1 to the log length
     */
    RecordStream(ChannelHandlerContext ctx, McelogDevice device, HeldRecords held, int tag, int window) {
        this.ctx = ctx;
        this.device = device;
        this.held = held;
        this.tag = tag;
        this.window = window;
        this.waiter = () -> {
            try {
                ctx.executor().execute(this::woken);
            } catch (RejectedExecutionException e) {
                // the connection's event loop is shutting down: nobody is left to push to
            }
        };
    }

    int tag() {
        return tag;
    }

    /** Pushes what is pending into the room the window leaves; sleeps on the device if there is room left. */
    void pump() {
        if (stopped) {
            return;
        }
        boolean pushed = false;
        while (held.size() < window) {
            if (!asleep) {
                asleep = true;
                device.addWaiter(waiter);
            }
            StreamedRecords r = device.deliverAtMost(window - held.size());
            if (r.count() == 0) {
                break;
            }
            held.hold(r.delivery());
            ctx.write(new DeviceResponse.Stream(tag, r.delivery().firstSequence(), r.flags(), r.delivery().data()));
            pushed = true;
        }
        if (pushed) {
            ctx.flush();
        }
    }

    /** No more pushes: the stream was stopped or replaced, or its handle closed. */
    void stop() {
        stopped = true;
        if (asleep) {
            device.removeWaiter(waiter);
            asleep = false;
        }
    }

    private void woken() {
        asleep = false;
        pump();
    }
}
