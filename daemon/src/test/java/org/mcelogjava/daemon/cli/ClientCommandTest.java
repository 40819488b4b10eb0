package org.mcelogjava.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.daemon.server.ClientAccess;
import org.mcelogjava.daemon.server.ClientQueries;
import org.mcelogjava.daemon.server.ClientServer;
import org.mcelogjava.daemon.sink.StreamHub;

/** mcelog --client and --ping against a real client socket. */
class ClientCommandTest {

    private static final String DUMP = "Memory errors\nSOCKET 0 CHANNEL any DIMM any\ncorrected memory errors:\n\t5 total\n";
    private static final String PAGES = "Per page corrected memory statistics:\n1000: total 1 seen \"1 in 24h\" online\n\n";

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int mcelog(String... args) {
        return new Mcelog(new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8),
                ZoneId.of("UTC"), Map.of()).run(args);
    }

    private Path config(Path socket) throws Exception {
        Path conf = dir.resolve("mcelog.conf");
        Files.writeString(conf, "[server]\nsocket-path = " + socket + "\n");
        return conf;
    }

    private ClientServer server(Path socket) throws Exception {
        ClientQueries queries = new ClientQueries() {
            @Override
            public String dump(boolean all, boolean bios) {
                return all && bios ? DUMP : "wrong flags\n";
            }

            @Override
            public String pages() {
                return PAGES;
            }
        };
        return ClientServer.start(socket, new ClientAccess(OptionalInt.empty(), OptionalInt.empty(), false), queries,
                new StreamHub(4, 128, () -> 0L), 1000, line -> { });
    }

    @Test
    void clientPrintsTheDumpAndThePagesWithoutTheirDoneLines() throws Exception {
        Path socket = dir.resolve("client.sock");
        ClientServer s = server(socket);
        try {
            assertEquals(0, mcelog("--config-file", config(socket).toString(), "--client"));
        } finally {
            s.close();
        }
        assertEquals(DUMP + PAGES, out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void pingPrintsPongAndReturns() throws Exception {
        Path socket = dir.resolve("client.sock");
        ClientServer s = server(socket);
        try {
            assertEquals(0, mcelog("--config-file", config(socket).toString(), "--ping"));
        } finally {
            s.close();
        }
        assertEquals("pong\n", out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void noDaemonIsOneClearLineAndStatusOne() throws Exception {
        Path socket = dir.resolve("nobody.sock");
        assertEquals(1, mcelog("--config-file", config(socket).toString(), "--client"));
        assertEquals("mcelog: cannot connect to the daemon's client socket " + socket + ": No such file or directory"
                + " (is mcelog --daemon running?)\n", err.toString(StandardCharsets.UTF_8));
    }
}
