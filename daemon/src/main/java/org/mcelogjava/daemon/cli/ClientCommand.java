package org.mcelogjava.daemon.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.mcelogjava.client.IoReason;

/**
 * {@code mcelog --client} and {@code --ping} ({@code ask_server} in mcelog's client.c): ask the
 * running daemon on its client socket. {@code --client} sends {@code dump all bios} and then, on a
 * second connection, {@code pages}, copying each reply without its {@code done} line;
 * {@code --ping} prints the {@code pong}. Unlike mcelog, {@code --ping} returns once it has its
 * answer (mcelog waits for a {@code done} that never comes), and a daemon that cannot be reached is
 * an error with exit status 1.
 */
final class ClientCommand {

    private final Path socket;
    private final PrintStream out;
    private final PrintStream err;

    ClientCommand(Path socket, PrintStream out, PrintStream err) {
        this.socket = socket;
        this.out = out;
        this.err = err;
    }

    /** {@code --client}. */
    int client() {
        return ask("dump all bios\n", "done") == 0 && ask("pages\n", "done") == 0 ? 0 : 1;
    }

    /** {@code --ping}. */
    int ping() {
        return ask("ping\n", "pong");
    }

    /** Sends one command and copies the reply up to its last line, {@code last}, which ends it. */
    private int ask(String command, String last) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                err.println("mcelog: cannot connect to the daemon's client socket " + socket + ": "
                        + IoReason.ofConnect(socket, e) + " (is mcelog --daemon running?)");
                return 1;
            }
            ch.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.US_ASCII)));
            BufferedReader reply = new BufferedReader(Channels.newReader(ch, StandardCharsets.ISO_8859_1));
            for (String line = reply.readLine(); line != null; line = reply.readLine()) {
                if (line.equals(last)) {
                    if (last.equals("pong")) {
                        out.println(line);
                    }
                    out.flush();
                    return 0;
                }
                if (line.equals("permission denied")) {
                    err.println("mcelog: the daemon refused this user: permission denied");
                    return 1;
                }
                out.println(line);
            }
            err.println("mcelog: the daemon at " + socket + " closed the connection before answering");
            return 1;
        } catch (IOException e) {
            err.println("mcelog: cannot talk to the daemon at " + socket + ": " + IoReason.of(e));
            return 1;
        }
    }
}
