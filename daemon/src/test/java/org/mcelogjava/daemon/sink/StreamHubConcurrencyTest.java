package org.mcelogjava.daemon.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.stream.RawFrames;
import org.mcelogjava.protocol.stream.StreamRecord;
import org.mcelogjava.protocol.stream.Subscribe;
import org.mcelogjava.protocol.testing.Await;

/**
 * Readers subscribing with a replay while records are being published: each must get every record
 * exactly once and in order, whether a record reached it through the replay or live. This is the
 * race fixed in {@link StreamHub#subscribe}: with the replay taken and the reader registered outside
 * one lock, a record published in between was lost to the reader (or, the other way round, sent
 * twice). Real Netty channels (the in-VM transport) on their own event loops, the publisher on a
 * thread of its own.
 */
class StreamHubConcurrencyTest {

    /** At most this many records are published while the readers subscribe, then {@link #TAIL} more. */
    private static final int MAX_RECORDS = 20_000;
    private static final int TAIL = 10;
    private static final int READERS = 64;

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(4, LocalIoHandler.newFactory());
    // Queues and replay large enough that nothing is dropped for being slow: only the race could lose.
    private final StreamHub hub = new StreamHub(MAX_RECORDS + TAIL, 128, () -> 0L);

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @RepeatedTest(3) // a race: with the old subscribe about one round in two lost or doubled a record
    void everyReaderSubscribingDuringPublishingGetsEachRecordOnceInOrder() throws Exception {
        LocalAddress address = new LocalAddress("stream-hub-" + System.nanoTime());
        Subscribe request = new Subscribe(Subscribe.VERSION, Subscribe.Format.RAW, true);
        Channel server = new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                hub.subscribe(ctx.channel(), request);
                            }
                        });
                    }
                }).bind(address).sync().channel();

        // The publisher runs for as long as readers are still subscribing (yielding between records
        // so that the burst lasts that long), then publishes a few more.
        AtomicBoolean subscribing = new AtomicBoolean(true);
        AtomicLong published = new AtomicLong();
        Thread publisher = new Thread(() -> {
            long seq = 0;
            while (subscribing.get() && seq < MAX_RECORDS) {
                hub.publish(record(++seq));
                published.set(seq);
                Thread.yield();
            }
            for (int i = 0; i < TAIL; i++) {
                hub.publish(record(++seq));
            }
            published.set(seq);
        }, "publisher");
        publisher.start();

        // Readers connect in a burst, each on one of the event loops: subscriptions overlap each other
        // and the publishing.
        List<Collector> collectors = new ArrayList<>();
        List<ChannelFuture> connections = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            long before = published.get();
            Await.until(() -> published.get() > before, "the publisher past record " + before);
            Collector c = new Collector();
            connections.add(new Bootstrap().group(loops).channel(LocalChannel.class).handler(c).connect(address));
            collectors.add(c);
        }
        for (ChannelFuture f : connections) {
            f.sync();
        }
        Await.until(() -> hub.readerCount() == READERS, "all " + READERS + " readers subscribed");
        subscribing.set(false);
        publisher.join();
        long records = published.get();

        for (int i = 0; i < collectors.size(); i++) {
            Collector c = collectors.get(i);
            Await.until(() -> c.lastSeq() >= records || c.count() >= records, "reader " + i + " at the last record");
            assertEquals("records 1-" + records + " once each, in order", firstDifference(c.seqs(), records),
                    "reader " + i);
        }
        assertEquals(0, hub.droppedForReaders(), "no reader was slow enough to lose records");
        server.close().sync();
    }

    /** What a reader's seqs should say, or where they first differ from 1..records. */
    private static String firstDifference(List<Long> seqs, long records) {
        for (int i = 0; i < seqs.size(); i++) {
            if (seqs.get(i) != i + 1) {
                return "position " + (i + 1) + " holds record " + seqs.get(i);
            }
        }
        return seqs.size() == records ? "records 1-" + records + " once each, in order"
                : "only " + seqs.size() + " of " + records + " records";
    }

    private static StreamRecord record(long seq) {
        Mce m = Mce.builder().status(0x9c00004000010091L).bank(8).time(1_700_000_000L + seq).finished(1).build();
        return new StreamRecord(seq, m, "Nehalem", "BANK 8", "corrected", null, null, null, 0, -1, -1, null, -1,
                List.of(), List.of(), "MCE " + seq + "\n");
    }

    /** The reader's side: skips the acceptance line, then keeps the seq of every raw RECORD frame. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        private final ByteBuf pending = Unpooled.buffer();
        private final List<Long> seqs = new ArrayList<>();
        private boolean accepted;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                pending.writeBytes(buf);
            } finally {
                buf.release();
            }
            if (!accepted) {
                int nl = pending.indexOf(pending.readerIndex(), pending.writerIndex(), (byte) '\n');
                if (nl < 0) {
                    return;
                }
                pending.readerIndex(nl + 1);
                accepted = true;
            }
            while (pending.readableBytes() >= 4 && pending.readableBytes() >= 4 + pending.getIntLE(pending.readerIndex())) {
                int length = pending.readIntLE();
                int type = pending.readUnsignedByte();
                if (type == RawFrames.RECORD) {
                    long seq = pending.getLongLE(pending.readerIndex());
                    synchronized (seqs) {
                        seqs.add(seq);
                    }
                }
                pending.skipBytes(length - 1);
            }
            pending.discardReadBytes();
        }

        List<Long> seqs() {
            synchronized (seqs) {
                return List.copyOf(seqs);
            }
        }

        int count() {
            synchronized (seqs) {
                return seqs.size();
            }
        }

        long lastSeq() {
            synchronized (seqs) {
                return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
            }
        }
    }
}
