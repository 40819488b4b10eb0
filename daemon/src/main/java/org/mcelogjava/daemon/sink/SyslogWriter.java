package org.mcelogjava.daemon.sink;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.mcelogjava.client.EpollTransport;

/**
 * Writes lines to the local syslog daemon the way glibc's {@code syslog(3)} does for mcelog's
 * {@code --syslog} ({@code openlog("mcelog", 0, LOG_DAEMON)}): one datagram per line on the
 * {@code /dev/log} Unix socket, {@code <PRI>Mmm dd hh:mm:ss mcelog: text}. Lines longer than mcelog's
 * 200-byte buffer are split, as mcelog re-splits its text. Java has no Unix datagram sockets of its
 * own, so this uses Netty's epoll transport.
 */
public final class SyslogWriter implements AutoCloseable {

    /** LOG_DAEMON. */
    private static final int FACILITY = 3;
    /** syslog(3) severities mcelog uses. */
    public static final int LOG_ERR = 3;
    public static final int LOG_WARNING = 4;
    private static final int CHUNK = 199;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final EventLoopGroup group;
    private final Channel channel;
    private final Supplier<ZonedDateTime> clock;

    private SyslogWriter(EventLoopGroup group, Channel channel, Supplier<ZonedDateTime> clock) {
        this.group = group;
        this.channel = channel;
        this.clock = clock;
    }

    /** Opens a datagram socket towards {@code socket} (normally {@code /dev/log}). */
    public static SyslogWriter open(Path socket) throws IOException {
        return open(socket, () -> ZonedDateTime.now(ZoneId.systemDefault()));
    }

    static SyslogWriter open(Path socket, Supplier<ZonedDateTime> clock) throws IOException {
        if (!Files.exists(socket)) {
            throw new IOException("no syslog socket at " + socket);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollTransport.ioHandlers());
        try {
            // Connected and unbound, as glibc's syslog(3): the sender stays anonymous.
            Channel ch = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter()).connect(new DomainSocketAddress(socket.toFile()))
                    .syncUninterruptibly().channel();
            return new SyslogWriter(group, ch, clock);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot open a socket for syslog: " + e.getMessage(), e);
        }
    }

    /** Sends each line of {@code text} at {@code severity}. */
    public void log(int severity, String text) {
        String stamp = clock.get().format(STAMP);
        for (String line : text.split("\n")) {
            for (int i = 0; i < Math.max(1, line.length()); i += CHUNK) {
                String part = line.substring(i, Math.min(line.length(), i + CHUNK));
                String datagram = "<" + (FACILITY * 8 + severity) + ">" + stamp + " mcelog: " + part;
                channel.writeAndFlush(Unpooled.copiedBuffer(datagram, StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
