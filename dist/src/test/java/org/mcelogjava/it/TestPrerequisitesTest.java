package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * build/test-prerequisites.sh, the first step of {@code mvn verify}, as the build runs it: {@code sh SCRIPT LIST}.
 * A user who is not root and lacks a tool gets each missing package, why the tests need it and the command
 * that installs it, and a failed build; with nothing missing it is silent. (As root it runs apt-get, which a
 * test cannot do without changing the machine: the fresh-machine run in the issue's report covers that.)
 */
class TestPrerequisitesTest {

    private static final Path REPO = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path SCRIPT = REPO.resolve("build/test-prerequisites.sh");
    private static final Path LIST = REPO.resolve("build/test-prerequisites.list");
    private static final String NOBODY = "65534";

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private Result runAs(String uid, Path list) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (uid != null) {
            argv.addAll(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        }
        argv.addAll(List.of("sh", copy(SCRIPT).toString(), list.toString()));
        Process p = new ProcessBuilder(argv).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        int status = p.waitFor();
        return new Result(status, Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    /** The script, where another uid can read it: the checkout may be in root's home (mode 0700). */
    private Path copy(Path script) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = dir.resolve(script.getFileName());
        Files.copy(script, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        return copy;
    }

    /** A list another uid can read, in the test's own directory. */
    private Path list(String text) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path list = dir.resolve("prerequisites.list");
        Files.writeString(list, text);
        Files.setPosixFilePermissions(list, PosixFilePermissions.fromString("rw-r--r--"));
        return list;
    }

    @Test
    void aUserWhoIsNotRootLearnsWhatIsMissingWhyAndTheCommandThatInstallsIt() throws Exception {
        Path list = list("""
                # command                 package         used by the tests for
                /bin/sh                   dash            a shell that is there
                /nonexistent/bin/frob     frobnicator     frobbing the widgets
                /nonexistent/sbin/frobd   frobnicator     the frob daemon

                /nonexistent/bin/quux     quux-tools      counting quuxes
                """);
        Result r = runAs(NOBODY, list);
        assertEquals(new Result(1, "", """
                The tests need these Debian packages, which are not installed:
                  frobnicator (/nonexistent/bin/frob): frobbing the widgets
                  frobnicator (/nonexistent/sbin/frobd): the frob daemon
                  quux-tools (/nonexistent/bin/quux): counting quuxes
                Install them, then run the tests again:
                  sudo apt-get update && sudo apt-get install -y --no-install-recommends frobnicator quux-tools
                """), r);
    }

    @Test
    void withNothingMissingItIsSilent() throws Exception {
        Path list = list("/bin/sh  dash  a shell that is there\n");
        assertEquals(new Result(0, "", ""), runAs(NOBODY, list));
        assertEquals(new Result(0, "", ""), runAs(null, list));
    }

    @Test
    void aListThatIsNotThereIsNamed() throws Exception {
        assertEquals(new Result(1, "", "build/test-prerequisites.sh: cannot read the list of the tests' prerequisites "
                + dir.resolve("absent.list") + ": No such file\n"), runAs(null, dir.resolve("absent.list")));
    }

    /**
     * Every tool a test runs, by absolute path ({@code "/usr/bin/jsvc"}) or by name ({@code new ProcessBuilder("kill"}),
     * is on the list, so the check cannot fall behind the tests.
     */
    @Test
    void theListNamesEveryToolTheTestsRun() throws Exception {
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(LIST)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String path = line.split("\\s+")[0];
                listed.add(path);
                listed.add(path.substring(path.lastIndexOf('/') + 1));
            }
        }
        Pattern tool = Pattern.compile("\"(/usr/s?bin/[\\w.+-]+)\"|new ProcessBuilder\\(\"([\\w.+-]+)\"");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(REPO)) {
            for (Path src : sources.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/test/")
                    && !p.toString().contains("/target/")).toList()) {
                Matcher m = tool.matcher(Files.readString(src, StandardCharsets.UTF_8));
                while (m.find()) {
                    used.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        used.removeAll(listed);
        assertEquals(Set.of(), used, "tools the tests run that build/test-prerequisites.list does not name");
    }
}
