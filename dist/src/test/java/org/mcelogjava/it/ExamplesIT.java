package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example the tree ships in {@code examples/} is played with the command its header names
 * ({@code # Plays with: ...}), run verbatim from the top of the tree, and shows every line its
 * header promises ({@code # Expect: ...} on the command's output, {@code # Expect in mcelog.log:
 * ...} in the log of a daemon reading the simulator the example was injected into). An example
 * without a command or without an expectation fails the test.
 */
class ExamplesIT {

    private static final Path HOME = RunningTree.HOME;
    private static final String PLAYS = "# Plays with: ";
    private static final String EXPECT = "# Expect: ";
    private static final String EXPECT_LOG = "# Expect in mcelog.log: ";

    @TempDir
    Path dir;

    /** One example's header. */
    private record Example(Path file, List<String> command, List<String> output, List<String> log) {

        static Example read(Path file) throws IOException {
            List<String> command = null;
            List<String> output = new ArrayList<>();
            List<String> log = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith(PLAYS)) {
                    command = List.of(line.substring(PLAYS.length()).strip().split(" +"));
                } else if (line.startsWith(EXPECT)) {
                    output.add(line.substring(EXPECT.length()));
                } else if (line.startsWith(EXPECT_LOG)) {
                    log.add(line.substring(EXPECT_LOG.length()));
                }
            }
            assertTrue(command != null, file + " names no command (" + PLAYS + "...)");
            assertFalse(output.isEmpty() && log.isEmpty(), file + " promises nothing (" + EXPECT + "...)");
            assertTrue(command.contains("examples/" + file.getFileName()), file + " plays another file: " + command);
            return new Example(file, command, output, log);
        }

        boolean needsDaemon() {
            return !log.isEmpty();
        }
    }

    @Test
    void everyExamplePlaysAsItsHeaderSays() throws Exception {
        List<Example> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(HOME.resolve("examples"))) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("README.md"))
                    .filter(Files::isRegularFile).sorted().toList()) { // readers/: CustomReadersIT
                assertTrue(f.getFileName().toString().endsWith(".inject"), "not an example: " + f);
                examples.add(Example.read(f));
            }
        }
        assertEquals(6, examples.size(), "the six examples of examples/README.md: " + examples);
        String readme = Files.readString(HOME.resolve("examples/README.md"));
        for (Example e : examples) {
            assertTrue(readme.contains("`" + e.file().getFileName() + "`"), "README.md lists " + e.file());
        }
        Path sock = dir.resolve("mce-sim.sock");
        Path log = dir.resolve("mcelog.log");
        Path conf = Files.writeString(dir.resolve("mcelog.conf"), "[server]\nsocket-path = " + dir.resolve("client")
                + "\n");
        try (RunningTree tree = new RunningTree(dir)) {
            Process sim = start(tree, sock, "mce-sim", "bin/mce-sim", "run");
            tree.waitUntil(() -> Files.exists(sock), sim);
            Process daemon = start(tree, sock, "mcelog", "bin/mcelog", "--daemon", "--foreground", "--config-file",
                    conf.toString(), "--logfile", log.toString(), "--pidfile", dir.resolve("mcelog.pid").toString());
            tree.waitUntil(() -> Files.exists(dir.resolve("mcelog.pid")), daemon);
            long logged = 0;
            for (Example e : examples) {
                Process p = start(tree, sock, "example", e.command().toArray(String[]::new));
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), e.command() + " did not end");
                String out = Files.readString(dir.resolve("example.out"), StandardCharsets.UTF_8);
                String err = Files.readString(dir.resolve("example.err"), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), e.command() + ": " + err);
                for (String line : e.output()) {
                    assertTrue(out.contains(line + "\n"), e.file() + " promised \"" + line + "\":\n" + out);
                }
                if (e.needsDaemon()) {
                    long before = logged;
                    tree.waitUntil(() -> TaggedRecords.count(log) > before, daemon);
                    logged = TaggedRecords.count(log);
                    String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                    String record = text.substring(text.lastIndexOf("Hardware event."));
                    for (String line : e.log()) {
                        assertTrue(record.contains(line + "\n"), e.file() + " promised \"" + line + "\":\n" + record);
                    }
                }
            }
        }
    }

    /**
     * Runs {@code command} from the top of the tree, as the examples say, with the test's socket;
     * its output goes to NAME.out and NAME.err in the test directory.
     */
    private static Process start(RunningTree tree, Path sock, String name, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(HOME.toFile());
        pb.environment().put("MCE_SIM_SOCKET", sock.toString());
        return tree.start(name, pb);
    }
}
