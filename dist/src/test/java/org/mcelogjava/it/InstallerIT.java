package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.Version;

/**
 * The tree's install.sh, as an administrator runs it: what it installs, where it finds Java for the
 * units, what it refuses and how it says so, and its --help and --version.
 */
class InstallerIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    /** Runs an install.sh with the test's environment, changed by {@code env} (a null value removes a variable). */
    private Result run(Path installer, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(installer.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        int status = pb.start().waitFor();
        return new Result(status, Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    private Result install(Map<String, String> env, String... args) throws Exception {
        return run(HOME.resolve("install.sh"), env, args);
    }

    private static String javaHomeWritten(Path dest) throws IOException {
        return UnitFile.environmentFile(dest.resolve("etc/default/mcelog-java")).get("JAVA_HOME");
    }

    @Test
    void installsEveryEntryOfTheTreesTopLevelButItself() throws Exception {
        Path tree = dir.resolve("tree");
        assertEquals(0, new ProcessBuilder("cp", "-R", HOME.toString(), tree.toString()).start().waitFor());
        // What a later release may add at the top level is installed without a change to install.sh.
        Files.createDirectories(tree.resolve("docs"));
        Files.writeString(tree.resolve("docs/added.md"), "a page\n");
        Files.writeString(tree.resolve("ADDED"), "a file\n");
        Path dest = dir.resolve("dest");
        Result r = run(tree.resolve("install.sh"), Map.of(), "--destdir", dest.toString(), "--java-home", JAVA_HOME.toString());
        assertEquals(0, r.status(), r.err());

        Path prefix = dest.resolve("opt/mcelog-java");
        try (Stream<Path> top = Files.list(tree)) {
            for (Path entry : top.toList()) {
                String name = entry.getFileName().toString();
                assertEquals(!name.equals("install.sh"), Files.exists(prefix.resolve(name)), name);
            }
        }
        assertEquals("a page\n", Files.readString(prefix.resolve("docs/added.md")));
        assertTrue(Files.isExecutable(prefix.resolve("bin/mcelog")));
        assertTrue(Files.isExecutable(prefix.resolve("triggers/dimm-error-trigger")));
        assertTrue(Files.exists(dest.resolve("etc/systemd/system/mce-sim.service")));
        assertTrue(Files.exists(dest.resolve("etc/systemd/system/mcelog.service")));
        assertTrue(Files.exists(dest.resolve("etc/logrotate.d/mcelog-java")));
        assertTrue(Files.exists(dest.resolve("etc/tmpfiles.d/mcelog-java.conf")));
        assertEquals(JAVA_HOME.toString(), javaHomeWritten(dest));
    }

    @Test
    void pointsTheUnitsAndTheConfigurationAtThePrefix() throws Exception {
        Result r = install(Map.of(), "--prefix", "/srv/mcelog", "--destdir", dir.toString());
        assertEquals(0, r.status(), r.err());
        String unit = Files.readString(dir.resolve("etc/systemd/system/mcelog.service"));
        assertTrue(unit.contains("-cp /srv/mcelog/lib/*"), unit);
        assertTrue(unit.contains("--config-file /srv/mcelog/conf/mcelog.conf"), unit);
        assertTrue(unit.contains("Documentation=file:///srv/mcelog/README.md"), unit);
        assertFalse(unit.contains("/opt/mcelog-java"), unit);
        assertTrue(Files.readString(dir.resolve("srv/mcelog/conf/mcelog.conf")).contains("/srv/mcelog/triggers"));
    }

    @Test
    void findsJavaFromTheFlagThenJavaHomeThenThePathThroughItsLinks() throws Exception {
        // A Java under /tmp is refused, so one found where the flag or JAVA_HOME should win shows up as a failure.
        Path refused = fakeJava("refused", "17.0.2");
        Path refusedBin = Files.createDirectories(dir.resolve("refused-path"));
        Files.createSymbolicLink(refusedBin.resolve("java"), refused.resolve("bin/java"));
        Map<String, String> env = new HashMap<>();

        env.put("JAVA_HOME", refused.toString());
        Result flag = install(env, "--destdir", dir.resolve("a").toString(), "--java-home", JAVA_HOME.toString());
        assertEquals(0, flag.status(), flag.err());
        assertEquals(JAVA_HOME.toString(), javaHomeWritten(dir.resolve("a")), "--java-home first");

        env.put("JAVA_HOME", JAVA_HOME.toString());
        env.put("PATH", refusedBin + ":/usr/bin:/bin");
        Result javaHome = install(env, "--destdir", dir.resolve("b").toString());
        assertEquals(0, javaHome.status(), javaHome.err());
        assertEquals(JAVA_HOME.toString(), javaHomeWritten(dir.resolve("b")), "then JAVA_HOME");

        // then java on PATH: a link to a link to the JDK's bin/java, as /usr/bin/java and /etc/alternatives are
        Path bin = Files.createDirectories(dir.resolve("path/bin"));
        Path alternatives = Files.createDirectories(dir.resolve("path/alternatives"));
        Path link = Files.createSymbolicLink(alternatives.resolve("java"), JAVA_HOME.resolve("bin/java"));
        Files.createSymbolicLink(bin.resolve("java"), Path.of("../alternatives/java"));
        env.put("JAVA_HOME", null);
        env.put("PATH", bin + ":/usr/bin:/bin");
        Result path = install(env, "--destdir", dir.resolve("c").toString());
        Files.delete(link); // before @TempDir's clean-up, which warns about a link leaving the directory
        assertEquals(0, path.status(), path.err());
        assertEquals(JAVA_HOME.toRealPath().toString(), javaHomeWritten(dir.resolve("c")));
        assertTrue(Files.readString(dir.resolve("c/etc/default/mcelog-java"))
                .contains("JAVA_HOME from the java on PATH, " + JAVA_HOME.toRealPath().resolve("bin/java")));

        // and none at all: a PATH with the tools install.sh needs before it looks for Java, but no java
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.writeString(tools.resolve("dirname"), "#!/bin/sh\nexec /usr/bin/dirname \"$@\"\n");
        tools.resolve("dirname").toFile().setExecutable(true);
        env.put("PATH", tools.toString());
        assertRefused(install(env, "--destdir", dir.resolve("d").toString()), "cannot find Java: no --java-home, "
                + "no JAVA_HOME and no java on PATH (apt-get install openjdk-17-jre-headless, or name one with --java-home)");
    }

    @Test
    void refusesAJavaTheUnitsCouldNotRun() throws Exception {
        Path dest = dir.resolve("dest");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertRefused(install(Map.of(), "--destdir", dest.toString(), "--java-home", empty.toString()),
                "Java " + empty + " (from --java-home) has no bin/java: name a JDK or JRE with --java-home");

        Path noJvm = fakeJava("nojvm", "17.0.2");
        Files.delete(noJvm.resolve("lib/server/libjvm.so"));
        assertRefused(install(Map.of("JAVA_HOME", noJvm.toString()), "--destdir", dest.toString()),
                "Java " + noJvm + " (from JAVA_HOME) has no lib/server/libjvm.so, which jsvc loads: "
                        + "name a full JDK or JRE 17 with --java-home");

        Path old = fakeJava("old", "11.0.2");
        assertRefused(install(Map.of(), "--destdir", dest.toString(), "--java-home", old.toString()),
                "Java " + old + " (from --java-home) is Java 11.0.2; mcelog-java needs 17 or later: name one with --java-home");

        Path hidden = fakeJava("hidden", "17.0.2"); // under /tmp, which PrivateTmp= replaces
        assertRefused(install(Map.of(), "--destdir", dest.toString(), "--java-home", hidden.toString()),
                "Java " + hidden + " (from --java-home) is where the units cannot see it (ProtectHome=, PrivateTmp=): "
                        + "install one under /usr or /opt, or name one with --java-home");
        assertFalse(Files.exists(dest), "nothing is installed");
    }

    @Test
    void refusesAPrefixThatHoldsSomethingElse() throws Exception {
        Files.createDirectories(dir.resolve("usr/local"));
        Files.writeString(dir.resolve("usr/local/keep"), "not ours\n");
        assertRefused(install(Map.of(), "--destdir", dir.toString(), "--prefix", "/usr/local"),
                "cannot install into " + dir + "/usr/local: it is not empty and holds no mcelog-java "
                        + "(no lib/mcelog-client-*.jar); choose another --prefix");
        assertEquals("not ours\n", Files.readString(dir.resolve("usr/local/keep")));
    }

    @Test
    void withoutPermissionItNamesWhatItCannotCreate() throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path locked = Files.createDirectories(dir.resolve("locked")); // root's, as / is: nobody may write there
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                TreeForAll.home().resolve("install.sh").toString(), "--destdir", locked.toString(),
                "--java-home", JAVA_HOME.toString());
        Process p = pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        assertRefused(new Result(p.waitFor(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err"))),
                "cannot create " + locked + "/opt/mcelog-java: Permission denied");
    }

    @Test
    void reinstallingReplacesTheTreeButKeepsAnEditedConfiguration() throws Exception {
        assertEquals(0, install(Map.of(), "--destdir", dir.toString()).status());
        Path prefix = dir.resolve("opt/mcelog-java");
        Path stale = prefix.resolve("lib/mcelog-daemon-0.0.1.jar"); // an earlier release's jar: two on -cp lib/*
        Files.writeString(stale, "");
        Path conf = prefix.resolve("conf/mcelog.conf");
        String shipped = Files.readString(conf);
        Files.writeString(conf, shipped + "cpu = skylake_server\n");

        Result again = install(Map.of(), "--destdir", dir.toString());
        assertEquals(0, again.status(), again.err());
        assertFalse(Files.exists(stale), "lib/ is replaced");
        assertEquals(shipped + "cpu = skylake_server\n", Files.readString(conf), "the edited file is kept");
        assertEquals(shipped, Files.readString(prefix.resolve("conf/mcelog.conf.new")));
        assertTrue(again.out().contains("kept " + conf + " (changed); the new one is " + conf + ".new\n"), again.out());
        assertFalse(Files.exists(prefix.resolve("conf/mce-sim.conf.new")), "an unchanged file is simply replaced");
    }

    @Test
    void usageErrorsNameTheProblemAndExit1() throws Exception {
        assertUsageError(install(Map.of(), "--prefix", "relative", "--destdir", dir.toString()),
                "--prefix must be absolute, got relative");
        assertUsageError(install(Map.of(), "--prefix", "/opt/my mcelog", "--destdir", dir.toString()),
                "--prefix may hold only letters, digits and . _ - /, got /opt/my mcelog");
        assertUsageError(install(Map.of(), "--destdir"), "--destdir needs a directory");
        assertUsageError(install(Map.of(), "--frobnicate"), "unknown option --frobnicate");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("err", "out"), s.map(p -> p.getFileName().toString()).sorted().toList(), "nothing installed");
        }
    }

    @Test
    void helpDescribesWhatIsInstalledAndVersionNamesTheRelease() throws Exception {
        Result help = install(Map.of(), "--help");
        assertEquals(0, help.status());
        assertEquals("", help.err());
        assertTrue(help.out().startsWith("Usage: ./install.sh [--prefix DIR] [--destdir DIR] [--java-home DIR]\n"), help.out());
        assertFalse(help.out().contains("set -eu"), help.out());
        for (String claim : List.of("/etc/default/mcelog-java", "except install.sh", "README.md", "--java-home DIR",
                "systemctl daemon-reload && systemctl enable --now mce-sim mcelog")) {
            assertTrue(help.out().contains(claim), claim + " in " + help.out());
        }
        assertEquals(help, install(Map.of(), "-h"));

        Result version = install(Map.of(), "--version");
        assertEquals(0, version.status(), version.err());
        assertEquals(Version.banner("install.sh"), version.out());
        assertEquals("", version.err());
    }

    private static void assertRefused(Result r, String message) {
        assertEquals(1, r.status());
        assertEquals("install.sh: " + message + "\n", r.err());
    }

    private static void assertUsageError(Result r, String message) {
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertEquals("install.sh: " + message + "\nTry 'install.sh --help'.\n", r.err());
    }

    /** A directory shaped like a JDK: bin/java, lib/server/libjvm.so and a release file. */
    private Path fakeJava(String name, String version) throws IOException {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib/server"));
        Files.writeString(home.resolve("bin/java"), "#!/bin/sh\nexit 0\n");
        home.resolve("bin/java").toFile().setExecutable(true);
        Files.writeString(home.resolve("lib/server/libjvm.so"), "");
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
