package org.mcelogjava.daemon.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake /dev/log: a bound Unix datagram socket collecting what the writer sends. */
class SyslogWriterTest {

    @TempDir
    Path dir;

    @Test
    void sendsOneDatagramPerLineAsGlibcFormatsThem() throws Exception {
        Path devLog = dir.resolve("log");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel server = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                            received.add(p.content().toString(StandardCharsets.UTF_8));
                        }
                    }).bind(new DomainSocketAddress(devLog.toFile())).sync().channel();
            ZonedDateTime at = ZonedDateTime.of(2023, 11, 4, 9, 5, 7, 0, ZoneId.of("UTC"));
            try (SyslogWriter w = SyslogWriter.open(devLog, () -> at)) {
                w.log(SyslogWriter.LOG_WARNING, "Hardware event. This is not a software error.\nMCE 0\n");
                w.log(SyslogWriter.LOG_ERR, "x".repeat(250));
                List<String> got = List.of(take(received), take(received), take(received), take(received));
                assertEquals("<28>Nov  4 09:05:07 mcelog: Hardware event. This is not a software error.", got.get(0));
                assertEquals("<28>Nov  4 09:05:07 mcelog: MCE 0", got.get(1));
                assertEquals("<27>Nov  4 09:05:07 mcelog: " + "x".repeat(199), got.get(2));
                assertEquals("<27>Nov  4 09:05:07 mcelog: " + "x".repeat(51), got.get(3));
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aMissingSyslogSocketIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> SyslogWriter.open(dir.resolve("nope")));
        assertTrue(e.getMessage().startsWith("no syslog socket at "), e.getMessage());
    }

    private static String take(BlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no datagram within 10 s");
        }
        return s;
    }
}
