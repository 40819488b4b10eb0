package org.mcelogjava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.Operation;
import org.mcelogjava.protocol.device.PollEvents;
import org.mcelogjava.protocol.testing.Await;

/**
 * The blocking client against a scripted server on a real Unix socket: each file operation is sent
 * as its request under a fresh tag, and its reply, an errno, a protocol error or a closed connection
 * come back as the caller's return value, {@link DeviceException} or {@link IOException}.
 */
class DeviceConnectionTest {

    private static final byte[] TWO_RECORDS = new byte[256];

    @TempDir
    Path dir;

    private ScriptedDeviceServer server;
    private DeviceConnection connection;

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Serves HELLO as a privileged simulator and everything else with {@code answer}. */
    private DeviceConnection connect(Function<DeviceRequest, DeviceResponse> answer) throws Exception {
        server = new ScriptedDeviceServer(dir.resolve("dev.sock"), r -> r instanceof DeviceRequest.Hello h
                ? new DeviceResponse.Hello(h.tag(), DeviceProtocol.VERSION, true, "scripted/1 kernel=6.12")
                : answer.apply(r));
        connection = DeviceConnection.connect(dir.resolve("dev.sock"), "test-client/1");
        DeviceRequest.Hello hello = (DeviceRequest.Hello) server.next();
        assertEquals("test-client/1", hello.identity());
        assertEquals(DeviceProtocol.VERSION, hello.version());
        return connection;
    }

    @Test
    void theHandshakeGivesTheServersIdentityAndPrivilege() throws Exception {
        DeviceConnection c = connect(r -> null);
        assertEquals("scripted/1 kernel=6.12", c.serverIdentity());
        assertTrue(c.privileged());
        assertTrue(c.isOpen());
    }

    @Test
    void aReaderSessionOpensAsksPollsReadsHoldsAcksAndCloses() throws Exception {
        DeviceConnection c = connect(r -> {
            if (r instanceof DeviceRequest.Open) {
                return new DeviceResponse.Open(r.tag(), 7);
            } else if (r instanceof DeviceRequest.Ioctl i) {
                return new DeviceResponse.Ioctl(i.tag(), i.command() == McelogIoctl.MCE_GET_LOG_LEN ? 32 : 128);
            } else if (r instanceof DeviceRequest.Poll) {
                return new DeviceResponse.Poll(r.tag(), PollEvents.POLLIN);
            } else if (r instanceof DeviceRequest.Read) {
                return new DeviceResponse.Read(r.tag(), TWO_RECORDS);
            } else if (r instanceof DeviceRequest.ReadHeld) {
                return new DeviceResponse.ReadHeld(r.tag(), 41, TWO_RECORDS);
            } else if (r instanceof DeviceRequest.Ack) {
                return new DeviceResponse.Ack(r.tag());
            } else if (r instanceof DeviceRequest.Close) {
                return new DeviceResponse.Close(r.tag());
            }
            throw new AssertionError("unexpected " + r);
        });
        int fd = c.open(OpenFlags.O_RDONLY);
        assertEquals(7, fd);
        assertEquals(OpenFlags.O_RDONLY, ((DeviceRequest.Open) server.next()).flags());
        assertEquals(32, c.ioctl(fd, McelogIoctl.MCE_GET_LOG_LEN));
        DeviceRequest.Ioctl ioctl = (DeviceRequest.Ioctl) server.next();
        assertEquals(7, ioctl.handle());
        assertEquals(McelogIoctl.MCE_GET_LOG_LEN, ioctl.command());
        assertEquals(128, c.ioctl(fd, McelogIoctl.MCE_GET_RECORD_LEN));
        server.next();
        assertEquals(PollEvents.POLLIN, c.poll(fd, PollEvents.POLLIN, 500));
        DeviceRequest.Poll poll = (DeviceRequest.Poll) server.next();
        assertEquals(500, poll.timeoutMillis());
        assertEquals(PollEvents.POLLIN, poll.events());
        assertArrayEquals(TWO_RECORDS, c.read(fd, 4096));
        assertEquals(4096, ((DeviceRequest.Read) server.next()).count());
        DeviceResponse.ReadHeld held = c.readHeld(fd, 4096);
        assertEquals(41, held.firstSequence());
        assertEquals(2, held.records(128).size());
        assertEquals(4096, ((DeviceRequest.ReadHeld) server.next()).count());
        c.ack(fd, 43);
        DeviceRequest.Ack ack = (DeviceRequest.Ack) server.next();
        assertEquals(7, ack.handle());
        assertEquals(43, ack.upTo());
        c.close(fd);
        assertEquals(7, ((DeviceRequest.Close) server.next()).handle());
    }

    @Test
    void everyRequestHasItsOwnTag() throws Exception {
        DeviceConnection c = connect(r -> new DeviceResponse.Ioctl(r.tag(), r.tag()));
        int first = c.ioctl(3, McelogIoctl.MCE_GET_LOG_LEN);
        int second = c.ioctl(3, McelogIoctl.MCE_GET_LOG_LEN);
        assertTrue(first != second, "tags " + first + " and " + second);
        assertTrue(first > 0 && second > 0 && first != DeviceProtocol.NO_TAG && second != DeviceProtocol.NO_TAG);
    }

    @Test
    void anErrnoReplyIsADeviceExceptionNamingTheOperationAndTheErrno() throws Exception {
        DeviceConnection c = connect(r -> new DeviceResponse.Failed(r.tag(), r.operation(),
                r instanceof DeviceRequest.Open ? Errno.EBUSY : Errno.ENOTTY));
        DeviceException busy = assertThrows(DeviceException.class, () -> c.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL));
        assertEquals(Errno.EBUSY, busy.errno());
        assertEquals(Operation.OPEN, busy.operation());
        assertEquals("open /dev/mcelog: EBUSY (Device or resource busy)", busy.getMessage());
        DeviceException notty = assertThrows(DeviceException.class, () -> c.ioctl(3, 0x1234));
        assertEquals(Errno.ENOTTY, notty.errno());
        assertEquals("ioctl: ENOTTY (Inappropriate ioctl for device)", notty.getMessage());
        assertTrue(c.isOpen(), "an errno is an answer: the connection stays up");
    }

    @Test
    void aPollThatFailsIsAnIoExceptionWithTheErrno() throws Exception {
        DeviceConnection c = connect(r -> new DeviceResponse.Failed(r.tag(), r.operation(), Errno.EINVAL));
        IOException e = assertThrows(IOException.class, () -> c.poll(99, PollEvents.POLLIN, 0));
        assertEquals("poll failed: poll: EINVAL (Invalid argument)", e.getMessage());
    }

    @Test
    void aSleepingPollDoesNotHoldUpAnotherThreadsCall() throws Exception {
        DeviceConnection c = connect(r -> r instanceof DeviceRequest.AttrWrite w
                ? new DeviceResponse.AttrWrite(w.tag(), w.value().length)
                : null); // the POLL sleeps until the test wakes it
        CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return c.poll(3, PollEvents.POLLIN, -1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        DeviceRequest.Poll asleep = (DeviceRequest.Poll) server.next();
        assertEquals(-1, asleep.timeoutMillis());
        assertEquals(2, c.writeText("/sys/devices/system/machinecheck/machinecheck0/check_interval", "60"));
        DeviceRequest.AttrWrite write = (DeviceRequest.AttrWrite) server.next();
        assertEquals("60", new String(write.value(), StandardCharsets.UTF_8));
        assertFalse(poll.isDone(), "the poll still sleeps");
        server.send(new DeviceResponse.Poll(asleep.tag(), PollEvents.POLLIN));
        assertEquals(PollEvents.POLLIN, poll.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aProtocolErrorFailsTheCallNamingTheServersReasonAndClosesTheConnection() throws Exception {
        DeviceConnection c = connect(r -> DeviceResponse.ProtocolError.of(DeviceProtocol.NO_TAG, Errno.EINVAL,
                "frame of type 0x7f is unknown"));
        IOException e = assertThrows(IOException.class, () -> c.open(OpenFlags.O_RDONLY));
        assertEquals("simulator refused the connection: EINVAL: frame of type 0x7f is unknown", e.getMessage());
        Await.until(() -> !c.isOpen(), "the client to close the connection after a protocol error");
    }

    @Test
    void aServerThatHangsUpFailsTheCallInFlight() throws Exception {
        DeviceConnection c = connect(r -> null);
        CompletableFuture<Throwable> call = CompletableFuture.supplyAsync(() -> {
            try {
                c.open(OpenFlags.O_RDONLY);
                return null;
            } catch (IOException | DeviceException e) {
                return e;
            }
        });
        server.next();
        server.hangUp();
        Throwable e = call.get(10, TimeUnit.SECONDS);
        assertTrue(e instanceof IOException, String.valueOf(e));
        assertEquals("connection to the simulator closed", e.getMessage());
        assertThrows(IOException.class, () -> c.ioctl(3, McelogIoctl.MCE_GET_LOG_LEN), "a closed connection stays closed");
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        DeviceConnection c = connect(r -> null);
        c.close();
        c.close();
        assertFalse(c.isOpen());
    }
}
