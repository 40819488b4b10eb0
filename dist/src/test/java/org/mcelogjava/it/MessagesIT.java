package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * Every message a user can cause names the object, the operation and the reason, and none says
 * "null": each installed command that takes a socket or a file is run against an absent socket, a
 * path that is not a socket (a regular file, a directory), a listening socket that does not speak
 * the device protocol, a missing file, a directory given as a file, and a file it may not read (as
 * user nobody, since root reads anything).
 */
class MessagesIT {

    @TempDir
    Path dir;

    private InstalledCommands commands() {
        return new InstalledCommands(dir);
    }

    /** Checks one failure: status 1, nothing on stdout, each expected part on stderr, never "null". */
    private static Executable fails(InstalledCommands.Result r, String... parts) {
        return () -> {
            assertEquals(1, r.status(), r.toString());
            assertEquals("", r.out(), r.toString());
            assertFalse(r.err().isBlank(), r.toString());
            assertFalse(r.err().contains("null"), r.toString());
            for (String part : parts) {
                assertTrue(r.err().contains(part), "'" + part + "' in " + r);
            }
        };
    }

    /** The device-socket commands, each with SOCKET standing for the socket under test. */
    private List<String[]> socketCommands(Path injection, Path jar) {
        return List.of(
                new String[] {"mce-inject", "--socket", "SOCKET", injection.toString()},
                new String[] {"mce-sim", "sysfs", "--socket", "SOCKET", "read", "/proc/cpuinfo"},
                new String[] {"mce-sim", "insmod", "--socket", "SOCKET", jar.toString()},
                new String[] {"mce-sim", "rmmod", "--socket", "SOCKET", "a"},
                new String[] {"mce-sim", "lsmod", "--socket", "SOCKET"},
                new String[] {"mce-sim", "dmesg", "--socket", "SOCKET"},
                new String[] {"mcelog", "--socket", "SOCKET"});
    }

    private static String[] with(String[] command, Path socket) {
        return Arrays.stream(command).map(a -> a.equals("SOCKET") ? socket.toString() : a)
                .toArray(String[]::new);
    }

    @Test
    void aSocketThatIsAbsentNotASocketOrNotTheDeviceIsNamedWithTheReason() throws Exception {
        Path injection = Files.writeString(dir.resolve("one.inject"), "CPU 0 BANK 1 STATUS corrected\n");
        Path jar = Files.write(dir.resolve("module.jar"), new byte[] {'P', 'K'});
        Path absent = dir.resolve("absent.sock");
        Path file = Files.writeString(dir.resolve("file.sock"), "");
        Path directory = Files.createDirectory(dir.resolve("dir.sock"));
        Path other = dir.resolve("other.sock");
        List<Executable> checks = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(other));
            Thread closer = new Thread(() -> {
                while (server.isOpen()) {
                    try {
                        server.accept().close(); // a server of another protocol, or a confused one
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "closing-server");
            closer.setDaemon(true);
            closer.start();
            InstalledCommands commands = commands();
            for (String[] command : socketCommands(injection, jar)) {
                checks.add(fails(commands.run(with(command, absent)), absent.toString(), "No such file or directory"));
                checks.add(fails(commands.run(with(command, file)), file.toString(), "not a socket but a regular file"));
                checks.add(fails(commands.run(with(command, directory)), directory.toString(),
                        "not a socket but a directory"));
                checks.add(fails(commands.run(with(command, other)), other.toString(), "no device-protocol handshake"));
            }
        }
        assertAll(checks);
    }

    @Test
    void anAbsentDeviceIsTheOneThingMcelogSaysAndIgnorenodevIsSilent() throws Exception {
        Path absent = dir.resolve("absent.sock");
        InstalledCommands.Result r = commands().run("mcelog", "--socket", absent.toString());
        assertEquals("mcelog: Cannot open `" + absent + "': No such file or directory\n"
                + "mcelog: Is the simulator (mce-sim run) running and is MCE_SIM_SOCKET or --socket right?\n", r.err(),
                r.toString());
        assertEquals(1, r.status());
        InstalledCommands.Result silent = commands().run("mcelog", "--ignorenodev", "--socket", absent.toString());
        assertEquals(0, silent.status(), silent.toString());
        assertEquals("", silent.out() + silent.err(), silent.toString());
    }

    @Test
    void mcelogClientAgainstNoDaemonNamesTheClientSocket() throws Throwable {
        Path socket = dir.resolve("client.sock");
        Path conf = Files.writeString(dir.resolve("mcelog.conf"), "[server]\nsocket-path = " + socket + "\n");
        InstalledCommands.Result r = commands().run("mcelog", "--config-file", conf.toString(), "--client");
        fails(r, "mcelog: cannot connect to the daemon's client socket " + socket + ": No such file or directory",
                "(is mcelog --daemon running?)").execute();
    }

    @Test
    void aFileThatIsMissingADirectoryOrUnreadableIsNamedWithTheReason() throws Throwable {
        // world-traversable, so that only the file's own mode keeps user nobody out
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path missing = dir.resolve("missing.txt");
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        Path unreadable = Files.writeString(dir.resolve("unreadable.txt"), "CPU 0 BANK 1\n");
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        Path socket = dir.resolve("unused.sock");
        List<Executable> checks = new ArrayList<>();
        InstalledCommands commands = commands();
        for (Path f : List.of(missing, directory, unreadable)) {
            boolean asNobody = f.equals(unreadable);
            String reason = f.equals(missing) ? "No such file or directory"
                    : f.equals(directory) ? "Is a directory" : "Permission denied";
            String name = f.toString();
            checks.add(fails(commands.run(Map.of(), asNobody, "mce-inject", "--dump", name),
                    "mce-inject: cannot read " + name + ": " + reason));
            checks.add(fails(commands.run(Map.of(), asNobody, "mce-sim", "replay", name),
                    "mce-sim replay: cannot read " + name + ": " + reason));
            checks.add(fails(commands.run(Map.of(), asNobody, "mce-sim", "insmod", "--socket", socket.toString(), name),
                    "mce-sim insmod: cannot read " + name + ": " + reason));
            checks.add(fails(commands.run(Map.of(), asNobody, "mce-sim", "run", "--config", name, "--socket",
                    socket.toString()), "mce-sim run: cannot read config " + name + ": " + reason));
            checks.add(fails(commands.run(Map.of(), asNobody, "mcelog", "--config-file", name, "--ascii"),
                    "mcelog: " + name + ": Cannot open config file: " + reason));
            checks.add(fails(commands.run(Map.of(), asNobody, "mcelog", "--no-dmi", "--ascii", "--file", name),
                    "Cannot open input file `" + name + "': " + reason));
        }
        checks.add(fails(commands.run("mce-sim", "modbuild", dir.resolve("out").toString(), missing.toString()),
                "mce-sim modbuild: cannot build " + missing + ": ", "No such file or directory"));
        assertAll(checks);
    }
}
