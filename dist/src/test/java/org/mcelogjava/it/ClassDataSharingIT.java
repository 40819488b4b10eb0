package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/mcelog starts with the class-data sharing archive the build wrote (cds/mcelog.jsa, from
 * cds/train.sh's training run), and only when the JVM would take it: a JVM refuses an archive that
 * another JVM build wrote, or that names jars which changed, and says so (a {@code [warning][cds...]}
 * line, on stdout as the JVM's unified logging prints it, or an error on stderr). Whatever the Java
 * and the sharing options a user runs the launcher with, no such line appears and the command works.
 */
class ClassDataSharingIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();
    /** How -Xlog:class+load names a class that came from the dynamic (top) archive. */
    private static final String FROM_ARCHIVE = "org.mcelogjava.daemon.cli.Mcelog source: shared objects file (top)";
    private static final String BANNER = "mcelog (mcelog-java) ";

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {

        /** Exit 0, nothing on stderr and no JVM warning or error on stdout. */
        void assertQuiet(String what) {
            assertEquals(0, status, what + ": " + err);
            assertEquals("", err, what + ": stderr");
            assertFalse(out.contains("[warning]") || out.contains("[error"), what + ": the JVM complained:\n" + out);
            assertTrue(out.contains(BANNER), what + ": " + out);
        }

        boolean complains() {
            return !err.isEmpty() || out.contains("[warning]") || out.contains("[error");
        }
    }

    private Run mcelogVersion(Path tree, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(tree.resolve("bin/mcelog").toString(), "--version")
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        int status = pb.start().waitFor();
        return new Run(status, Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    @Test
    void theBuiltTreeStartsMcelogWithItsArchive() throws Exception {
        assertTrue(Files.size(HOME.resolve("cds/mcelog.jsa")) > 0, "the build wrote cds/mcelog.jsa");
        Run r = mcelogVersion(HOME, Map.of("JAVA_OPTS", "-Xlog:class+load=info"));
        r.assertQuiet("the built tree");
        assertTrue(r.out().contains(FROM_ARCHIVE), "the daemon's main class comes from cds/mcelog.jsa");
    }

    @Test
    void sharingOptionsOfTheUsersOwnLeaveStderrClean() throws Exception {
        String jdkArchive = Path.of(System.getProperty("java.home"), "lib/server/classes.jsa").toString();
        for (String opts : List.of("-Xshare:off", "-Xshare:on", "-Xshare:auto", "-XX:SharedArchiveFile=" + jdkArchive,
                "-XX:-UseCompressedClassPointers", "-XX:-UseCompressedOops", "-XX:+UseG1GC")) {
            mcelogVersion(HOME, Map.of("JAVA_OPTS", opts)).assertQuiet("JAVA_OPTS=" + opts);
        }
    }

    @Test
    void anotherJavaDoesNotGetTheArchive() throws Exception {
        // Another Java installation: its own launcher binary, sharing the libraries (so the test needs no
        // second JDK). The stamp names the JVM the archive was written by, so this one starts without it.
        Path realJava = Path.of(System.getProperty("java.home"));
        Path other = Files.createDirectories(dir.resolve("other-jdk/bin"));
        Files.copy(realJava.resolve("bin/java"), other.resolve("java"));
        Path lib = Files.createSymbolicLink(dir.resolve("other-jdk/lib"), realJava.resolve("lib"));
        Path conf = Files.createSymbolicLink(dir.resolve("other-jdk/conf"), realJava.resolve("conf"));
        Run r;
        try {
            r = mcelogVersion(HOME, Map.of("JAVA_HOME", dir.resolve("other-jdk").toString(),
                    "JAVA_OPTS", "-Xlog:class+load=info"));
        } finally {
            Files.delete(lib); // links out of the temp dir: JUnit warns when it has to remove them
            Files.delete(conf);
        }
        r.assertQuiet("another Java");
        assertFalse(r.out().contains(FROM_ARCHIVE), "another Java starts without the archive");
    }

    @Test
    void aTreeTrainsItsOwnArchiveAndDropsItWhenAJarChanges() throws Exception {
        Path tree = dir.resolve("tree");
        assertEquals(0, new ProcessBuilder("cp", "-R", HOME.toString(), tree.toString()).inheritIO().start().waitFor());
        Files.delete(tree.resolve("cds/mcelog.jsa")); // the copy's jars have new times: the build's archive is not theirs
        Process train = new ProcessBuilder(tree.resolve("cds/train.sh").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("train.out").toFile()).start();
        assertEquals(0, train.waitFor(), Files.readString(dir.resolve("train.out")));
        Run trained = mcelogVersion(tree, Map.of("JAVA_OPTS", "-Xlog:class+load=info"));
        trained.assertQuiet("the trained copy");
        assertTrue(trained.out().contains(FROM_ARCHIVE), "cds/train.sh wrote an archive the launcher uses");

        Path jar = tree.resolve("lib").resolve(daemonJar(tree));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        Run direct = java(tree, "-XX:SharedArchiveFile=" + tree.resolve("cds/mcelog.jsa"));
        assertTrue(direct.complains(), "the JVM itself refuses the archive aloud once a jar changed: " + direct);
        Run r = mcelogVersion(tree, Map.of("JAVA_OPTS", "-Xlog:class+load=info"));
        r.assertQuiet("a changed jar");
        assertFalse(r.out().contains(FROM_ARCHIVE), "the launcher did not offer the archive");
    }

    /**
     * The build runs cds/train.sh at package time, so a build by a user other than root trains as that user:
     * the training's simulator makes the user its administrator and the daemon's client socket is theirs, as
     * in mcelog-demo (found on a fresh machine: the README's first command failed as a user).
     */
    @Test
    void aUserOtherThanRootTrainsAnArchive() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tree = dir.resolve("users-tree");
        assertEquals(0, new ProcessBuilder("cp", "-R", HOME.toString(), tree.toString()).inheritIO().start().waitFor());
        int nobody = Integer.parseInt(InstalledCommands.NOBODY);
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path f : files.toList()) {
                Files.setAttribute(f, "unix:uid", nobody, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(f, "unix:gid", nobody, LinkOption.NOFOLLOW_LINKS);
            }
        }
        Files.delete(tree.resolve("cds/mcelog.jsa"));
        Process train = new ProcessBuilder("setpriv", "--reuid=" + InstalledCommands.NOBODY,
                "--regid=" + InstalledCommands.NOBODY, "--clear-groups", tree.resolve("cds/train.sh").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("train.out").toFile()).start();
        assertEquals(0, train.waitFor(), Files.readString(dir.resolve("train.out")));
        assertTrue(Files.size(tree.resolve("cds/mcelog.jsa")) > 0, "an archive written by nobody");
        assertEquals(nobody, Files.getAttribute(tree.resolve("cds/mcelog.jsa"), "unix:uid"));
    }

    private static String daemonJar(Path tree) throws IOException {
        try (var files = Files.list(tree.resolve("lib"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mcelog-daemon-")).findFirst()
                    .orElseThrow(() -> new IOException("no mcelog-daemon jar in " + tree.resolve("lib")));
        }
    }

    /** The daemon's main class run by java directly, with the launcher's classpath order. */
    private Run java(Path tree, String option) throws IOException, InterruptedException {
        List<String> jars = new ArrayList<>();
        try (var files = Files.list(tree.resolve("lib"))) {
            files.map(Path::toString).filter(n -> n.endsWith(".jar")).sorted().forEach(jars::add);
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin/java").toString(), option,
                "-cp", String.join(":", jars), "org.mcelogjava.daemon.cli.Mcelog", "--version")
                .redirectOutput(dir.resolve("jout").toFile()).redirectError(dir.resolve("jerr").toFile()).start();
        int status = p.waitFor();
        return new Run(status, Files.readString(dir.resolve("jout"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("jerr"), StandardCharsets.UTF_8));
    }
}
