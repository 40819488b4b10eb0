package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.kernelsim.dev.LegacyInjector;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.testing.Await;

/**
 * The example readers the tree ships in {@code examples/readers/}, run as the README's "Custom
 * readers" section runs them, against the demo; a device reader beside the daemon refused (the
 * daemon is the device's only reader) while mce-inject still writes; and every JSON line of the
 * demo's stream and of the d2/d3 captures' streams valid under the shipped schema
 * ({@code share/mcelog-stream.schema.json}).
 */
class CustomReadersIT {

    private static final Path HOME = Path.of(System.getProperty("dist.home", "target/mcelog-java")).toAbsolutePath();
    private static final Path CAPTURES = Path.of("../daemon/src/test/resources").toAbsolutePath();
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(read(HOME.resolve("share/mcelog-stream.schema.json")), InputFormat.JSON);

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private DeviceServer server;

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theExampleReadersReadTheDemoAndADeviceReaderBesideTheDaemonIsRefused() throws Exception {
        assertTrue(Files.isExecutable(PYTHON), "python3 (Debian package python3) runs the Python readers");
        Path demo = dir.resolve("demo");
        start(HOME, "bin/mcelog-demo", "--duration", "40", "--dir", demo.toString());
        waitUntil(() -> Files.exists(demo.resolve("mcelog-client")));
        String client = demo.resolve("mcelog-client").toString();
        try (SocketChannel stream = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            stream.connect(UnixDomainSocketAddress.of(client));
            stream.write(ByteBuffer.wrap("subscribe 1 json\n".getBytes(StandardCharsets.US_ASCII)));
            BufferedReader lines = new BufferedReader(new InputStreamReader(Channels.newInputStream(stream),
                    StandardCharsets.UTF_8));
            assertEquals("ok 1 json", lines.readLine());

            Result py = run(HOME, PYTHON.toString(), "examples/readers/stream_reader.py", "--count", "10", client);
            assertEquals(0, py.status, py.toString());
            assertTrue(py.out.matches("ok 1 json\n(record \\d+ (corrected|ucna|srao|srar|fatal) cpu \\d+ .+ page .+\n){10}"),
                    py.out);
            Result raw = run(HOME, PYTHON.toString(), "examples/readers/stream_reader.py", "--raw", "--count", "2", client);
            assertEquals(0, raw.status, raw.toString());
            assertTrue(raw.out.matches("ok 1 raw\n(record \\d+ cpu \\d+ bank \\d+ status 0x[0-9a-f]+ "
                    + "\\(128-byte struct mce\\)\n){2}"), raw.out);
            Result java = run(HOME, "sh", "-c", "java -cp lib/mcelog-protocol-*.jar examples/readers/StreamReader.java"
                    + " --count 10 " + client);
            assertEquals(0, java.status, java.toString());
            assertTrue(java.out.matches("ok 1 raw\n(record \\d+ cpu \\d+ bank \\d+ status 0x[0-9a-f]+ "
                    + "(un)?corrected\n){10}"), java.out);

            Result device = run(HOME, PYTHON.toString(), "examples/readers/device_reader.py",
                    demo.resolve("mce-sim.sock").toString());
            assertEquals(1, device.status, device.toString());
            assertEquals("device_reader.py: " + demo.resolve("mce-sim.sock") + ": open /dev/mcelog: EBUSY (another "
                    + "reader holds /dev/mcelog: is mcelog --daemon running? read its stream instead)\n", device.err);
            Result inject = run(HOME, "bin/mce-inject", "--socket", demo.resolve("mce-sim.sock").toString(),
                    "examples/corrected-dimm.inject");
            assertEquals(0, inject.status, "mce-inject writes beside the daemon: " + inject);

            boolean injectedSeen = false;
            int records = 0;
            for (String line = lines.readLine(); line != null && !(injectedSeen && records >= 20); line = lines.readLine()) {
                assertValid(line);
                records += line.startsWith("{\"type\":\"record\"") ? 1 : 0;
                injectedSeen |= line.contains("\"status\":\"0x9c00004000800091\"");
            }
            assertTrue(injectedSeen, "the injected record reached the stream");
        }
    }

    @Test
    void aDeviceReaderReadsALoneSimulator() throws Exception {
        assertTrue(Files.isExecutable(PYTHON), "python3 (Debian package python3) runs the Python readers");
        Path socket = dir.resolve("mce.sock");
        start(HOME, "bin/mce-sim", "run", "--socket", socket.toString(), "--cpus", "8");
        waitUntil(() -> Files.exists(socket));
        Result inject = run(HOME, "bin/mce-inject", "--socket", socket.toString(), "examples/corrected-dimm.inject");
        assertEquals(0, inject.status, inject.toString());
        Result device = run(HOME, PYTHON.toString(), "examples/readers/device_reader.py", "--count", "1",
                socket.toString());
        assertEquals(0, device.status, device.toString());
        assertTrue(device.out.matches("mce-sim/\\S+ kernel=\\S+: records of 128 bytes, log of 32\n"
                + "cpu 0 socket 0 bank 13 corrected status 0x9c00004000800091 addr 0x1a2b3c000 time \\d+\n"), device.out);
    }

    @Test
    void everyLineOfTheCapturesStreamsIsValidUnderTheSchema() throws Exception {
        assertEquals(11, validateCapture("d2", 32, List.of("b1.bin", "b2.bin", "b3.bin")));
        assertEquals(5, validateCapture("d3", 32, List.of("full.bin", "after.bin")));
    }

    /** Plays a capture's batches into the daemon, then replays its stream; returns the records validated. */
    private int validateCapture(String capture, int logLength, List<String> batches) throws Exception {
        Path work = Files.createDirectories(dir.resolve(capture));
        McelogDevice device = new McelogDevice(logLength, 128, true, cpu -> true, LegacyInjector.NONE,
                new PersistentRecords());
        server = DeviceServer.start(work.resolve("dev"), device, new SysfsTree(), "captures", PeerPolicy.ROOT_ONLY,
                DeviceServer.DEFAULT_DEVICE_MODE, 1, msg -> { });
        Path triggers = Files.createDirectories(work.resolve("trig"));
        Path trigger = Files.writeString(triggers.resolve("dump-env"), "#!/bin/sh\nexit 0\n"); // d2's trigger
        Files.setPosixFilePermissions(trigger, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.writeString(work.resolve("mcelog.conf"),
                Files.readString(CAPTURES.resolve(capture + "/mcelog.conf"))
                        .replaceAll("socket-path = .*", "socket-path = " + work.resolve("sock"))
                        .replaceAll("directory = .*", "directory = " + triggers));
        Process daemon = start(HOME, "bin/mcelog", "--no-dmi", "--no-imc-log", "--cpu", "nehalem", "--daemon",
                "--foreground", "--config-file", conf.toString(), "--logfile", work.resolve("mcelog.log").toString(),
                "--pidfile", work.resolve("mcelog.pid").toString(), work.resolve("dev").toString());
        waitUntil(() -> Files.exists(work.resolve("sock")));
        int expected = 0;
        for (String batch : batches) {
            byte[] data = Files.readAllBytes(CAPTURES.resolve(capture).resolve(batch));
            synchronized (device) {
                for (int off = 0; off < data.length; off += 128) {
                    device.accept(MceCodec.decode(data, off, 128));
                }
            }
            expected += data.length / 128;
            waitUntil(() -> device.pending() == 0);
        }
        int records = 0;
        try (SocketChannel stream = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            stream.connect(UnixDomainSocketAddress.of(work.resolve("sock")));
            stream.write(ByteBuffer.wrap("subscribe 1 json replay\n".getBytes(StandardCharsets.US_ASCII)));
            BufferedReader lines = new BufferedReader(new InputStreamReader(Channels.newInputStream(stream),
                    StandardCharsets.UTF_8));
            assertEquals("ok 1 json", lines.readLine());
            while (records < expected) { // read no line past the last record: the next is a heartbeat, 30 s on
                String line = lines.readLine();
                assertValid(line);
                records += line.startsWith("{\"type\":\"record\"") ? 1 : 0;
            }
        }
        daemon.destroy();
        daemon.waitFor(20, TimeUnit.SECONDS);
        server.close();
        server = null;
        return records;
    }

    private static void assertValid(String line) {
        List<Error> errors = SCHEMA.validate(line, InputFormat.JSON);
        assertTrue(errors.isEmpty(), line + "\n" + errors);
    }

    private Process start(Path cwd, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(dir.resolve("out-" + processes.size()).toFile())
                .redirectError(dir.resolve("err-" + processes.size()).toFile()).start();
        processes.add(p);
        return p;
    }

    private record Result(int status, String out, String err) {
    }

    private Result run(Path cwd, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish within 60 s");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the schema " + p + ": " + e.getMessage(), e);
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition::getAsBoolean, Await.where());
    }
}
