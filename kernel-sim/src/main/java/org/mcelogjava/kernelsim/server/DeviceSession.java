package org.mcelogjava.kernelsim.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mcelogjava.kernelsim.dev.Delivery;
import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.kernelsim.dev.HeldRecords;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceRequest;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.PollEvents;

/**
 * One client connection: the process that has {@code /dev/mcelog} and sysfs files open. It turns
 * each request into the device's or the attribute tree's file operation, answers with the result or
 * the errno, and keeps what a process holds: its open handles (released when the connection ends,
 * as the kernel releases a dying process's files), the records each handle holds from READ_HELD or
 * its STREAM (given back to the device when the handle goes), each handle's stream and its POLLs
 * asleep on the device's wait queue.
 *
 * <p>All state is touched only on the channel's event loop; device wake-ups hop onto it. The
 * requests that may wait for the simulated kernel's engine (sysfs reads, stores and listings, legacy
 * writes, module loads) run on the connection's own syscall thread instead, as a process sits in a
 * system call, so that a slow one never holds up the event loop that serves every other connection;
 * their handle checks happen on the event loop first, and their replies follow when they return.
 */
final class DeviceSession extends SimpleChannelInboundHandler<DeviceRequest> {

    /** Poll bits poll(2) reports whatever was asked. */
    private static final int ALWAYS_REPORTED = PollEvents.POLLERR | PollEvents.POLLHUP | PollEvents.POLLNVAL;

    private final McelogDevice device;
    private final SysfsTree sysfs;
    private final String identity;
    private final boolean privileged;
    private final int deviceMode;
    private final ModuleService modules;
    private final EventExecutor syscalls;

    private final Map<Integer, OpenFile> handles = new HashMap<>();
    private final Map<Integer, PendingPoll> polls = new HashMap<>();
    private final Map<Integer, RecordStream> streams = new HashMap<>();
    private int nextHandle = 3; // 0..2 look like stdio; start where a process's first open would

    /** A request answered off the event loop. */
    @FunctionalInterface
    private interface Syscall {
        DeviceResponse call() throws ErrnoException;
    }

    /** @param syscalls this connection's thread for the requests that may wait for the kernel's engine */
    DeviceSession(McelogDevice device, SysfsTree sysfs, ModuleService modules, String identity, boolean privileged,
                  int deviceMode, EventExecutor syscalls) {
        this.modules = modules;
        this.syscalls = syscalls;
        this.device = device;
        this.sysfs = sysfs;
        this.identity = identity;
        this.privileged = privileged;
        this.deviceMode = deviceMode;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DeviceRequest request) {
        DeviceResponse reply;
        try {
            reply = switch (request.operation()) {
                case HELLO -> new DeviceResponse.Hello(request.tag(), DeviceProtocol.VERSION, privileged, identity);
                case OPEN -> open((DeviceRequest.Open) request);
                case CLOSE -> close((DeviceRequest.Close) request);
                case READ -> read((DeviceRequest.Read) request);
                case WRITE -> offload(ctx, request, write((DeviceRequest.Write) request));
                case IOCTL -> ioctl((DeviceRequest.Ioctl) request);
                case POLL -> poll(ctx, (DeviceRequest.Poll) request);
                case ATTR_READ -> offload(ctx, request, () -> attrRead((DeviceRequest.AttrRead) request));
                case ATTR_WRITE -> offload(ctx, request, () -> attrWrite((DeviceRequest.AttrWrite) request));
                case ATTR_LIST -> offload(ctx, request, () -> attrList((DeviceRequest.AttrList) request));
                case INIT_MODULE -> offload(ctx, request, () -> initModule((DeviceRequest.InitModule) request));
                case DELETE_MODULE -> offload(ctx, request, () -> deleteModule((DeviceRequest.DeleteModule) request));
                case READ_HELD -> readHeld((DeviceRequest.ReadHeld) request);
                case ACK -> ack((DeviceRequest.Ack) request);
                case WRITE_TOGETHER -> offload(ctx, request, writeTogether((DeviceRequest.WriteTogether) request));
                case STREAM -> stream(ctx, (DeviceRequest.Stream) request);
            };
        } catch (ErrnoException e) {
            reply = new DeviceResponse.Failed(request.tag(), request.operation(), e.errno());
        }
        if (reply != null) {
            ctx.writeAndFlush(reply);
        }
    }

    /**
     * Runs {@code call} on this connection's syscall thread and answers when it returns; an
     * exception other than an errno ends the connection as one on the event loop would (through
     * the pipeline's error handler). Returns null: nothing to answer now.
     */
    private DeviceResponse offload(ChannelHandlerContext ctx, DeviceRequest request, Syscall call) {
        try {
            syscalls.execute(() -> {
                try {
                    ctx.writeAndFlush(call.call());
                } catch (ErrnoException e) {
                    ctx.writeAndFlush(new DeviceResponse.Failed(request.tag(), request.operation(), e.errno()));
                } catch (RuntimeException e) {
                    ctx.fireExceptionCaught(e);
                }
            });
        } catch (RejectedExecutionException e) {
            ctx.close(); // the server is stopping
        }
        return null;
    }

    private DeviceResponse open(DeviceRequest.Open o) throws ErrnoException {
        int wanted = (OpenFlags.readable(o.flags()) ? 04 : 0) | (OpenFlags.writable(o.flags()) ? 02 : 0);
        if (!privileged && (deviceMode & wanted) != wanted) {
            throw new ErrnoException(Errno.EACCES, "/dev/mcelog mode " + Integer.toOctalString(deviceMode));
        }
        device.open(o.flags());
        int handle = nextHandle++;
        handles.put(handle, new OpenFile(o.flags(), new HeldRecords()));
        return new DeviceResponse.Open(o.tag(), handle);
    }

    private DeviceResponse close(DeviceRequest.Close c) throws ErrnoException {
        checkHandle(c.handle());
        stopStream(c.handle());
        release(handles.remove(c.handle()));
        for (Iterator<PendingPoll> it = polls.values().iterator(); it.hasNext(); ) {
            PendingPoll p = it.next();
            if (p.request.handle() == c.handle()) {
                it.remove();
                p.finish(PollEvents.POLLNVAL);
            }
        }
        return new DeviceResponse.Close(c.tag());
    }

    private DeviceResponse ioctl(DeviceRequest.Ioctl i) throws ErrnoException {
        checkHandle(i.handle());
        return new DeviceResponse.Ioctl(i.tag(), device.ioctl(i.command(), privileged));
    }

    private DeviceResponse read(DeviceRequest.Read r) throws ErrnoException {
        readable(r.handle());
        return new DeviceResponse.Read(r.tag(), device.read(r.count()));
    }

    /**
     * READ_HELD: a read whose records this handle holds until ACK. A handle already holding a log's
     * worth gets EBUSY: a reader that never acknowledges cannot make the simulator hold without bound.
     */
    private DeviceResponse readHeld(DeviceRequest.ReadHeld r) throws ErrnoException {
        OpenFile file = readable(r.handle());
        if (file.held().size() >= device.logLength()) {
            throw new ErrnoException(Errno.EBUSY, file.held().size() + " records held unacknowledged");
        }
        Delivery d = device.deliver(r.count());
        file.held().hold(d);
        return new DeviceResponse.ReadHeld(r.tag(), d.firstSequence(), d.data());
    }

    private DeviceResponse ack(DeviceRequest.Ack a) throws ErrnoException {
        checkHandle(a.handle()).held().acknowledge(a.upTo());
        RecordStream stream = streams.get(a.handle());
        if (stream != null) {
            stream.pump(); // the ACK made room in the window
        }
        return new DeviceResponse.Ack(a.tag());
    }

    /**
     * STREAM: answered at once with a reply that carries no records, then the handle's records are
     * pushed on the same tag as they come ({@link RecordStream}). A window of 0 stops the handle's
     * stream; any STREAM replaces the stream before it, whose tag gets no more replies. A window
     * larger than the log is EINVAL: a handle holds at most a log's worth, as READ_HELD's EBUSY says.
     */
    private DeviceResponse stream(ChannelHandlerContext ctx, DeviceRequest.Stream s) throws ErrnoException {
        OpenFile file = readable(s.handle());
        if (s.window() > device.logLength()) {
            throw new ErrnoException(Errno.EINVAL, "window of " + s.window() + " records, the log has "
                    + device.logLength());
        }
        stopStream(s.handle());
        ctx.write(new DeviceResponse.Stream(s.tag(), 0, 0, new byte[0]));
        if (s.window() > 0) {
            RecordStream stream = new RecordStream(ctx, device, file.held(), s.tag(), s.window());
            streams.put(s.handle(), stream);
            stream.pump();
        }
        ctx.flush();
        return null;
    }

    private void stopStream(int handle) {
        RecordStream stream = streams.remove(handle);
        if (stream != null) {
            stream.stop();
        }
    }

    private OpenFile readable(int handle) throws ErrnoException {
        OpenFile file = checkHandle(handle);
        if (!OpenFlags.readable(file.flags())) {
            throw new ErrnoException(Errno.EBADF, "handle not open for reading");
        }
        return file;
    }

    /** The handle is checked here, on the event loop; the write itself is the returned syscall. */
    private Syscall write(DeviceRequest.Write w) throws ErrnoException {
        if (!OpenFlags.writable(checkHandle(w.handle()).flags())) {
            throw new ErrnoException(Errno.EBADF, "handle not open for writing");
        }
        return () -> new DeviceResponse.Write(w.tag(), device.write(w.data(), privileged));
    }

    /**
     * WRITE_TOGETHER: the writes of several threads on one handle at the same moment. The handle is
     * checked here, once for all of them (EBADF fails the request); each write's own checks and the
     * raise are the returned syscall, answered with what each write returned.
     */
    private Syscall writeTogether(DeviceRequest.WriteTogether w) throws ErrnoException {
        if (!OpenFlags.writable(checkHandle(w.handle()).flags())) {
            throw new ErrnoException(Errno.EBADF, "handle not open for writing");
        }
        return () -> new DeviceResponse.WriteTogether(w.tag(), device.writeTogether(w.writes(), privileged));
    }

    private DeviceResponse attrRead(DeviceRequest.AttrRead a) throws ErrnoException {
        return new DeviceResponse.AttrRead(a.tag(), sysfs.read(a.path(), privileged));
    }

    private DeviceResponse attrWrite(DeviceRequest.AttrWrite a) throws ErrnoException {
        return new DeviceResponse.AttrWrite(a.tag(), sysfs.write(a.path(), a.value(), privileged));
    }

    private DeviceResponse attrList(DeviceRequest.AttrList a) throws ErrnoException {
        return new DeviceResponse.AttrList(a.tag(), sysfs.list(a.path(), privileged));
    }

    /** {@code init_module(2)}: CAP_SYS_MODULE, then the kernel's module loader. */
    private DeviceResponse initModule(DeviceRequest.InitModule m) throws ErrnoException {
        if (!privileged) {
            throw new ErrnoException(Errno.EPERM, "init_module needs CAP_SYS_MODULE");
        }
        modules.load(m.image(), m.params());
        return new DeviceResponse.InitModule(m.tag());
    }

    /** {@code delete_module(2)}: CAP_SYS_MODULE, then the kernel's module loader. */
    private DeviceResponse deleteModule(DeviceRequest.DeleteModule m) throws ErrnoException {
        if (!privileged) {
            throw new ErrnoException(Errno.EPERM, "delete_module needs CAP_SYS_MODULE");
        }
        modules.unload(m.name(), m.flags());
        return new DeviceResponse.DeleteModule(m.tag());
    }

    /** Returns a handle of this connection, or EBADF. */
    private OpenFile checkHandle(int handle) throws ErrnoException {
        OpenFile file = handles.get(handle);
        if (file == null) {
            throw new ErrnoException(Errno.EBADF, "no open handle " + handle);
        }
        return file;
    }

    /** {@code mce_chrdev_release}, after giving back what the handle still holds. */
    private void release(OpenFile file) {
        device.giveBack(file.held().drain());
        device.release(file.flags());
    }

    /**
     * {@code poll(2)}: join the wait queue first, then look at the mask, so a record logged between
     * the two cannot be missed; answer at once if readable (or timeout 0), else sleep.
     */
    private DeviceResponse poll(ChannelHandlerContext ctx, DeviceRequest.Poll p) {
        if (!handles.containsKey(p.handle())) {
            return new DeviceResponse.Poll(p.tag(), PollEvents.POLLNVAL);
        }
        PendingPoll pending = new PendingPoll(ctx, p);
        PendingPoll reused = polls.put(p.tag(), pending);
        if (reused != null) {
            reused.finish(0); // the client reused a tag: its earlier POLL ends as a timeout would
        }
        pending.sleepOrAnswer();
        return null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (PendingPoll p : polls.values()) {
            p.cancel();
        }
        polls.clear();
        streams.values().forEach(RecordStream::stop);
        streams.clear();
        for (OpenFile file : handles.values()) {
            release(file);
        }
        handles.clear();
        super.channelInactive(ctx);
    }

    /** An open handle: its open flags and what it holds from READ_HELD and STREAM. */
    private record OpenFile(int flags, HeldRecords held) {
    }

    /** A POLL asleep on {@code mce_chrdev_wait}, answered once: on wake-up, timeout or close. */
    private final class PendingPoll {
        private final ChannelHandlerContext ctx;
        private final DeviceRequest.Poll request;
        private final Runnable waiter;
        private ScheduledFuture<?> timeout;

        PendingPoll(ChannelHandlerContext ctx, DeviceRequest.Poll request) {
            this.ctx = ctx;
            this.request = request;
            this.waiter = () -> {
                try {
                    ctx.executor().execute(this::sleepOrAnswer);
                } catch (RejectedExecutionException e) {
                    // the connection's event loop is shutting down: nobody is left to answer
                }
            };
        }

        /** Runs on the event loop: at the request, and again at every wake-up. */
        void sleepOrAnswer() {
            if (polls.get(request.tag()) != this) {
                return; // already answered
            }
            device.addWaiter(waiter);
            int mask = device.pollMask() & (request.events() | ALWAYS_REPORTED);
            if (mask != 0 || request.timeoutMillis() == 0) {
                polls.remove(request.tag());
                finish(mask);
            } else if (request.timeoutMillis() > 0 && timeout == null) {
                timeout = ctx.executor().schedule(this::expire, request.timeoutMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void expire() {
            if (polls.remove(request.tag()) == this) {
                finish(0);
            }
        }

        void finish(int revents) {
            cancel();
            ctx.writeAndFlush(new DeviceResponse.Poll(request.tag(), revents));
        }

        void cancel() {
            device.removeWaiter(waiter);
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }
}
