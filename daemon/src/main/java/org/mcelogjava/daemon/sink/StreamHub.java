package org.mcelogjava.daemon.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.mcelogjava.protocol.stream.RawFrames;
import org.mcelogjava.protocol.stream.StreamJson;
import org.mcelogjava.protocol.stream.StreamRecord;
import org.mcelogjava.protocol.stream.Subscribe;

/**
 * Fans every logged record out to the readers subscribed on the client socket, in JSON lines or raw
 * frames (protocol/PROTOCOL.md, "Record stream"), each record encoded once per format for all of them
 * ({@link PublishedRecord}).
 *
 * <p>A slow reader never slows the daemon or the other readers: {@link #publish} only offers the
 * record to each reader's bounded queue, and each reader's own event loop drains its queue while
 * its socket is writable (Netty's outbound buffer is kept small by a low write-buffer water mark, so
 * a stalled reader backs up into its queue, not into memory). When a queue is full the record is
 * dropped for that reader alone, counted, and the reader is told how many it missed before its next
 * record. The hub also keeps the records written to the current log file (bounded, as bytes:
 * {@link ReplayRing}), for readers who ask for a replay; {@link #logReopened()} forgets them with
 * the old file.
 *
 * <p>Heartbeats are per reader: {@link #heartbeat()}, called every second or so, sends one to each
 * reader on which nothing was written for {@link #HEARTBEAT_AFTER_NANOS}, carrying the seq of the
 * last record that reader was sent (PROTOCOL.md §15). Silence is timed on a monotonic clock.
 */
public final class StreamHub {

    /** Silence on a subscription after which it gets a heartbeat: 30 s. */
    public static final long HEARTBEAT_AFTER_NANOS = 30_000_000_000L;

    /** The replay's bytes per record it may keep: a record's text is most of its 700 to 1,000 bytes. */
    private static final int REPLAY_BYTES_PER_RECORD = 1024;

    private final int queueCapacity;
    private final int recordLength;
    private final LongSupplier clock;
    private final LongSupplier nanoTime;
    private final Set<Reader> readers = ConcurrentHashMap.newKeySet();
    private final ReplayRing replay;
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param queueCapacity records a reader may fall behind before it misses some; also the newest
     *                      records of the current log kept for a replay, which goes into that queue
     *                      at once (a longer one would be cut there, its newest records missed)
     * @param recordLength  struct mce length in raw frames
     * @param clock         wall-clock seconds, the time a heartbeat carries
     */
    public StreamHub(int queueCapacity, int recordLength, LongSupplier clock) {
        this(queueCapacity, recordLength, clock, System::nanoTime);
    }

    /** As above, with the monotonic clock (nanoseconds) that times each reader's silence. */
    public StreamHub(int queueCapacity, int recordLength, LongSupplier clock, LongSupplier nanoTime) {
        this.queueCapacity = queueCapacity;
        this.replay = new ReplayRing(queueCapacity, queueCapacity * REPLAY_BYTES_PER_RECORD);
        this.recordLength = recordLength;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /**
     * Hands a record to every reader; never blocks. The replay and the fan-out happen under one lock
     * with {@link #subscribe}'s replay and registration, so a reader subscribing meanwhile gets the
     * record exactly once: in its replay or live.
     */
    public void publish(StreamRecord record) {
        PublishedRecord published = new PublishedRecord(record, recordLength);
        synchronized (replay) {
            replay.add(record);
            for (Reader r : readers) {
                r.offer(published);
            }
        }
    }

    /** The log file was reopened (rotated): a replay starts from the new file. */
    public void logReopened() {
        synchronized (replay) {
            replay.clear();
        }
    }

    /**
     * Turns a client connection into a stream reader: sends the acceptance (and the hello line in
     * JSON), the replay if asked, then every record as it is published. Input from the reader is
     * ignored from now on.
     */
    public void subscribe(Channel channel, Subscribe request) {
        channel.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024));
        Reader reader = new Reader(channel, request.format());
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                reader.scheduleDrain();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                readers.remove(reader);
            }
        });
        String hello = request.acceptance()
                + (request.format() == Subscribe.Format.JSON ? new StreamJson().hello(request.replay()) + "\n" : "");
        channel.writeAndFlush(Unpooled.copiedBuffer(hello, StandardCharsets.UTF_8));
        synchronized (replay) { // no record published between the replay and the registration is lost
            if (request.replay()) {
                replay.forEach(r -> reader.offer(new PublishedRecord(r, recordLength)));
            }
            readers.add(reader);
        }
        reader.scheduleDrain();
    }

    /**
     * Sends a heartbeat to every reader silent for {@link #HEARTBEAT_AFTER_NANOS} (call every second;
     * a reader that receives it knows the daemon lives).
     */
    public void heartbeat() {
        long now = nanoTime.getAsLong();
        for (Reader r : readers) {
            if (now - r.lastWrite >= HEARTBEAT_AFTER_NANOS) {
                r.heartbeat(now);
            }
        }
    }

    /** Readers subscribed now. */
    public int readerCount() {
        return readers.size();
    }

    /** Records dropped for slow readers since start, summed over readers. */
    public long droppedForReaders() {
        return dropped.get();
    }

    /**
     * One subscribed connection with its bounded queue (linked, so that a thousand readers do not
     * each hold an array of the queue's capacity while their queues are short).
     */
    private final class Reader {
        private final Channel channel;
        private final Subscribe.Format format;
        private final Queue<PublishedRecord> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicLong missed = new AtomicLong();
        private final AtomicBoolean drainScheduled = new AtomicBoolean();
        private final StreamJson json = new StreamJson();
        /** When something was last written to this reader (nanoTime); read by the heartbeat timer. */
        private volatile long lastWrite = nanoTime.getAsLong();
        /** The seq of the last record written to this reader; 0 before the first. Event loop only. */
        private long lastSent;

        Reader(Channel channel, Subscribe.Format format) {
            this.channel = channel;
            this.format = format;
        }

        void offer(PublishedRecord record) {
            if (queued.incrementAndGet() > queueCapacity) {
                queued.decrementAndGet();
                missed.incrementAndGet();
                dropped.incrementAndGet();
            } else {
                queue.add(record);
            }
            scheduleDrain();
        }

        private PublishedRecord poll() {
            PublishedRecord r = queue.poll();
            if (r != null) {
                queued.decrementAndGet();
            }
            return r;
        }

        void scheduleDrain() {
            if (drainScheduled.compareAndSet(false, true)) {
                onLoop(this::drain);
            }
        }

        /** On the event loop, if still silent: records written meanwhile make the heartbeat moot. */
        void heartbeat(long now) {
            onLoop(() -> {
                if (channel.isActive() && now - lastWrite >= HEARTBEAT_AFTER_NANOS) {
                    long time = clock.getAsLong();
                    lastWrite = now;
                    channel.writeAndFlush(format == Subscribe.Format.JSON ? line(json.heartbeat(time, lastSent))
                            : Unpooled.wrappedBuffer(RawFrames.heartbeat(time, lastSent)));
                }
            });
        }

        /** Runs on the reader's event loop; a loop already shut down means the reader is gone. */
        private void onLoop(Runnable task) {
            try {
                channel.eventLoop().execute(task);
            } catch (RejectedExecutionException e) {
                readers.remove(this);
            }
        }

        /** On the reader's event loop: write while the socket takes it, then flush once. */
        private void drain() {
            drainScheduled.set(false);
            if (!channel.isActive()) {
                while (poll() != null) {
                    // the reader is gone: what it had queued goes with it
                }
                return;
            }
            boolean wrote = false;
            while (channel.isWritable()) {
                long lost = missed.getAndSet(0);
                if (lost > 0) {
                    channel.write(format == Subscribe.Format.JSON ? line(json.missed(lost)) : Unpooled.wrappedBuffer(RawFrames.missed(lost)));
                    wrote = true;
                }
                PublishedRecord r = poll();
                if (r == null) {
                    break;
                }
                channel.write(r.frame(format));
                lastSent = r.seq();
                wrote = true;
            }
            if (wrote) {
                lastWrite = nanoTime.getAsLong(); // before the bytes can reach the reader
                channel.flush();
            }
        }

        private ByteBuf line(String text) {
            return Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8);
        }
    }
}
