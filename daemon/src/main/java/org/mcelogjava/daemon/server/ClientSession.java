package org.mcelogjava.daemon.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.mcelogjava.daemon.sink.StreamHub;
import org.mcelogjava.protocol.stream.Subscribe;

/**
 * One client of mcelog's client socket ({@code dispatch_commands} in server.c): a line per
 * command, answered on the same connection, which stays open. {@code dump [all] [bios]} and
 * {@code pages} end with {@code done}; {@code ping} answers {@code pong}; anything else non-empty
 * is an {@code Unknown command}.
 *
 * <p>Fixed on purpose: a command split across writes is reassembled ({@link ClientLineDecoder};
 * mcelog assumes one read per command), and leading white space is skipped (mcelog spins forever
 * on it). A line longer than the limit is answered {@code Unknown command}; the connection stays
 * usable.
 *
 * <p>Beyond mcelog: {@code subscribe <version> <json|raw> [replay]} turns the connection into a
 * record stream ({@link StreamHub}); a refused subscription gets {@code error <reason>} and the
 * connection is closed.
 */
final class ClientSession extends SimpleChannelInboundHandler<ClientLine> {

    private final ClientQueries queries;
    private final StreamHub stream;

    ClientSession(ClientQueries queries, StreamHub stream) {
        this.queries = queries;
        this.stream = stream;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientLine line) {
        String text = line.text().strip();
        if (!line.tooLong() && Subscribe.isSubscription(text)) {
            subscribe(ctx, text);
            return;
        }
        String reply = line.tooLong() ? "Unknown command\n" : dispatch(line.text());
        if (!reply.isEmpty()) {
            ctx.writeAndFlush(ctx.alloc().buffer(reply.length()).writeBytes(reply.getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    private void subscribe(ChannelHandlerContext ctx, String text) {
        String[] error = new String[1];
        Optional<Subscribe> request = Subscribe.parse(text, error);
        if (request.isEmpty()) {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(("error " + error[0] + "\n").getBytes(StandardCharsets.UTF_8)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.pipeline().remove(ClientLineDecoder.class);
        ctx.pipeline().remove(this);
        stream.subscribe(ctx.channel(), request.get());
    }

    /** The reply to one line (without its newline). */
    String dispatch(String line) {
        String s = line.stripLeading();
        if (s.startsWith("dump")) {
            return dump(s);
        }
        if (s.startsWith("pages")) {
            return queries.pages() + "done\n";
        }
        if (s.equals("ping")) {
            return "pong\n";
        }
        return s.isEmpty() ? "" : "Unknown command\n";
    }

    /** {@code dispatch_dump}: words split at single spaces, as strsep does. */
    private String dump(String line) {
        boolean all = false;
        boolean bios = false;
        StringBuilder out = new StringBuilder();
        for (String word : line.split(" ", -1)) {
            switch (word) {
                case "dump" -> { }
                case "all" -> all = true;
                case "bios" -> bios = true;
                default -> out.append("Unknown dump parameter\n");
            }
        }
        return out.append(queries.dump(all, bios)).append("done\n").toString();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a broken connection: nothing to answer
    }
}
