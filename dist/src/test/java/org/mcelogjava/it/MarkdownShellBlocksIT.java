package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's shell blocks run as written. The convention, for README.md and every other
 * Markdown file of the repository:
 * <ul>
 * <li>a fenced block whose language is {@code sh}, {@code bash} or {@code shell} is runnable: it runs with
 *     {@code bash -eu}, on its own, from the repository's root once the tree is built, must exit 0 within
 *     {@link #LIMIT_SECONDS} seconds, and must stop every process it starts;</li>
 * <li>a shell block that is not meant to run as written (a benchmark that takes minutes, a command that needs
 *     hardware or a service manager) has the line {@code <!-- example: REASON -->} right before it;</li>
 * <li>other blocks (diagrams, layouts, hex dumps, JSON, Python) are text.</li>
 * </ul>
 * Each block runs in its own scratch directory, in its own process group (so that what it leaves running can
 * be found and is a failure), with two substitutions: {@code dist/target/mcelog-java}, the tree as the README's
 * first command builds it, is the tree this build assembled (the same path, made absolute because the block runs
 * elsewhere); and {@code /tmp/} is the block's scratch directory, so that runs of the tests in parallel share no
 * socket, pidfile or log.
 * <p>
 * A Markdown file that ships inside the tree ({@code dist/src/main/dist/}, e.g. {@code examples/README.md}) is
 * read by a user from the top of the unpacked tree, so its blocks run there: the scratch directory gets a link to
 * each of the tree's top-level entries ({@code bin}, {@code lib}, {@code examples}...), so that {@code bin/mce-sim}
 * works as written while what the block writes stays in the scratch directory.
 * <p>
 * The README's first block is the build and the demo, then the test command: the build half and the tests are
 * what the Maven run that runs this test is doing, so for a line {@code mvn -B verify} and a prefix
 * {@code mvn -B -q -DskipTests package && } nothing runs, and the demo runs for {@value #DEMO_SECONDS} seconds
 * instead of the README's 30. A demo started in the background ({@code &}) keeps the length the block gives it:
 * the block's other commands (stream readers) must reach it while it runs, however loaded the machine is.
 */
class MarkdownShellBlocksIT {

    static final int LIMIT_SECONDS = 90;
    static final int DEMO_SECONDS = 5;

    private static final Path REPO = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();
    private static final Path SHIPPED = REPO.resolve("dist/src/main/dist");
    private static final String BUILD = "mvn -B -q -DskipTests package && ";
    private static final String TESTS = "mvn -B verify";

    @TempDir
    Path scratch;

    private static List<Markdown.Block> shellBlocks() {
        return Markdown.filesUnder(REPO).stream().flatMap(f -> Markdown.read(f).blocks().stream())
                .filter(Markdown.Block::isShell).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyShellBlockThatIsNoExampleRunsAsWritten() {
        List<Markdown.Block> runnable = shellBlocks().stream().filter(b -> b.exampleReason().isEmpty()).toList();
        assertTrue(runnable.stream().anyMatch(b -> b.file().equals(REPO.resolve("README.md"))
                && b.body().contains(TESTS)), "the README's first block is found: " + runnable);
        return runnable.stream().map(b -> DynamicTest.dynamicTest(REPO.relativize(b.file()) + ":" + b.line(), () -> run(b)));
    }

    /** What the block runs here: the two path substitutions, and the README's build and test commands left out. */
    static String script(String body, Path home, Path scratch) {
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.equals(TESTS)) {
                continue;
            }
            if (line.startsWith(BUILD)) {
                line = line.substring(BUILD.length());
            }
            if (!line.strip().endsWith("&")) { // a demo in the background keeps its length: the block's readers need it
                line = line.replaceAll("(mcelog-demo .*--duration) \\d+", "$1 " + DEMO_SECONDS);
            }
            // the README's own /tmp/ first: the tree may itself lie under /tmp (a clone in /tmp/x)
            lines.add(line.replaceAll("(?<![\\w.-])/tmp/", Matcher.quoteReplacement(scratch + "/"))
                    .replace("dist/target/mcelog-java", home.toString()));
        }
        return String.join("\n", lines) + "\n";
    }

    private void run(Markdown.Block block) throws Exception {
        Path dir = Files.createDirectory(scratch.resolve("block-" + block.line() + "-" + block.file().getFileName()));
        List<Path> links = new ArrayList<>();
        if (block.file().startsWith(SHIPPED)) {
            try (Stream<Path> top = Files.list(HOME)) {
                for (Path entry : top.toList()) {
                    links.add(Files.createSymbolicLink(dir.resolve(entry.getFileName()), entry));
                }
            }
        }
        List<Path> treeBefore = topLevel(HOME);
        try {
            runIn(dir, block);
            assertEquals(treeBefore, topLevel(HOME), block.where() + " left files in the tree, which install.sh would install");
        } finally {
            for (Path link : links) {
                Files.delete(link); // the links, not the tree: @TempDir's clean-up would warn about each
            }
        }
    }

    private static List<Path> topLevel(Path dir) throws IOException {
        try (Stream<Path> top = Files.list(dir)) {
            return top.sorted().toList();
        }
    }

    private void runIn(Path dir, Markdown.Block block) throws Exception {
        Path script = dir.resolve("block.sh");
        Files.writeString(script, script(block.body(), HOME, dir));
        Process bash = new ProcessBuilder("setsid", "bash", "-eu", script.toString()).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        long group = bash.pid(); // setsid makes bash the leader of a new session and process group
        boolean exited = bash.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        List<Long> left = stopGroup(group);
        String output = "\n--- " + block.where() + " as run:\n" + Files.readString(script) + "--- stdout:\n"
                + Files.readString(dir.resolve("out")) + "--- stderr:\n" + Files.readString(dir.resolve("err"));
        if (!exited) {
            fail("still running after " + LIMIT_SECONDS + " s" + output);
        }
        assertEquals(0, bash.exitValue(), "exit status" + output);
        assertEquals(List.of(), left, "processes the block started and left running" + output);
    }

    /** Kills what is left in the process group, and says which pids those were. */
    private static List<Long> stopGroup(long group) throws IOException, InterruptedException {
        List<Long> left = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[2]) == group && !fields[0].equals("Z")) {
                        left.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        }
        for (long pid : left) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (long pid : left) {
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        }
        return left;
    }

    @Test
    void everyExampleSaysWhyItIsNotRun() {
        for (Markdown.Block b : shellBlocks()) {
            b.exampleReason().ifPresent(reason -> assertFalse(reason.isBlank(), b.where()));
        }
    }

    @Test
    void theReadmesBuildAndTestCommandsAreLeftToTheBuildAndTheDemoIsShortened(@TempDir Path tmp) {
        assertEquals("/opt/t/bin/mcelog-demo --duration " + DEMO_SECONDS + "\n", script(
                BUILD + "dist/target/mcelog-java/bin/mcelog-demo --duration 30\n" + TESTS + "\n", Path.of("/opt/t"), tmp));
        assertEquals("/opt/t/bin/mcelog-demo --duration 20 --dir " + tmp + "/d &\n",
                script("dist/target/mcelog-java/bin/mcelog-demo --duration 20 --dir /tmp/d &\n", Path.of("/opt/t"), tmp),
                "a demo in the background keeps its length");
        assertEquals("cd /opt/t\nbin/mcelog --socket " + tmp + "/mce.sock\n",
                script("cd dist/target/mcelog-java\nbin/mcelog --socket /tmp/mce.sock\n", Path.of("/opt/t"), tmp));
        assertEquals("cd /tmp/clone/dist/target/mcelog-java\nbin/mcelog --socket " + tmp + "/mce.sock --logfile /var/tmp/l\n",
                script("cd dist/target/mcelog-java\nbin/mcelog --socket /tmp/mce.sock --logfile /var/tmp/l\n",
                        Path.of("/tmp/clone/dist/target/mcelog-java"), tmp),
                "a tree under /tmp (a clone there) keeps its path; only the README's own /tmp/ is the block's");
    }
}
