package org.mcelogjava.kernelsim.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import ru.serce.jnrfuse.FuseException;

/**
 * The simulated machine mounted at a directory ({@code mce-sim run --mount DIR}), served by libfuse 2
 * through jnr-fuse: {@code DIR/dev/mcelog}, {@code DIR/proc/...}, {@code DIR/sys/...} (see
 * {@link MachineFileSystem}). A transport beside the Unix-socket server, over the same device and
 * tree, so both serve one machine at once.
 *
 * <p>Start refuses a directory another live file system is mounted on, and unmounts a stale FUSE
 * mount a killed simulator left there. {@link #close()} unmounts ({@code fusermount -u -z}) and
 * waits until the mount is gone.
 */
public final class FuseMount implements AutoCloseable {

    /** How long a mount or an unmount may take to show in the mount table. */
    private static final long SETTLE_MILLIS = 10_000;
    private static final Path DEV_FUSE = Path.of("/dev/fuse");

    private final Path dir;
    private final MachineFileSystem fs;
    private final MountTable table;

    private FuseMount(Path dir, MachineFileSystem fs, MountTable table) {
        this.dir = dir;
        this.fs = fs;
        this.table = table;
    }

    /**
     * Mounts the machine at {@code dir} (created if missing) and returns once the mount is in
     * place.
     *
     * @param deviceMode permission bits of {@code dev/mcelog} for the unprivileged
     * @param log        where a stale mount's removal is reported
     * @throws MountFailedException naming the directory and the reason (no FUSE, no libfuse2, in use)
     */
    public static FuseMount start(Path dir, McelogDevice device, int deviceMode, SysfsTree tree, PeerPolicy policy,
                                  Consumer<String> log) throws IOException, InterruptedException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(DEV_FUSE)) {
            throw new MountFailedException("cannot mount " + abs + ": " + DEV_FUSE + " is missing (no FUSE in this kernel or "
                    + "container)");
        }
        MountTable table = new MountTable(Path.of("/proc/self/mountinfo"));
        if (table.fuseMountedOn(abs)) {
            if (!MountTable.stale(abs)) {
                throw new MountFailedException("cannot mount " + abs + ": a live file system is mounted there (another "
                        + "simulator?); stop it first or choose another --mount");
            }
            log.accept("removing the stale mount on " + abs + " left by a simulator that did not stop");
            unmount(abs);
            awaitMounted(table, abs, false);
        }
        Files.createDirectories(abs);
        MachineFileSystem fs;
        try {
            fs = new MachineFileSystem(new DeviceFile(device, deviceMode), tree, policy,
                    new CallerOpenFlags(Path.of("/proc")), new CallerThreadGroup(Path.of("/proc")));
        } catch (LinkageError | IllegalStateException e) {
            throw new MountFailedException("cannot mount " + abs + ": libfuse.so.2 cannot be loaded (install Debian's "
                    + "libfuse2): " + e.getMessage(), e);
        }
        // jnr-fuse's own non-blocking mount waits a fixed 2 s before it returns, with the mount already
        // in place: a stop in that window found no service to stop and left the mount behind. So its
        // blocking mount runs the session on a thread of ours, and the start returns once the mount
        // table shows the mount.
        AtomicReference<RuntimeException> refused = new AtomicReference<>();
        Thread session = new Thread(() -> {
            try {
                fs.mount(abs, true, false, new String[] {
                    "-o", "direct_io", "-o", "allow_other", "-o", "fsname=mce-sim", "-o", "subtype=mce-sim"});
            } catch (RuntimeException e) {
                refused.set(e);
            }
        }, "mce-sim-fuse");
        session.setDaemon(true);
        session.start();
        if (!awaitMounted(table, abs, true, () -> !session.isAlive())) {
            if (refused.get() != null) {
                throw new MountFailedException("cannot mount " + abs + ": libfuse refused (see its message above)",
                        refused.get());
            }
            if (!session.isAlive()) {
                throw new MountFailedException("cannot mount " + abs + ": libfuse's session ended before the mount"
                        + " showed (unmounted meanwhile?)");
            }
            fs.umount();
            throw new MountFailedException("cannot mount " + abs + ": the mount did not appear within "
                    + SETTLE_MILLIS / 1000 + " s");
        }
        return new FuseMount(abs, fs, table);
    }

    /** The directory the machine is mounted at. */
    public Path directory() {
        return dir;
    }

    /**
     * Unmounts and waits until the mount table no longer shows the mount. jnr-fuse unmounts from a
     * shutdown hook of its own as well, so at a SIGTERM two {@code fusermount -u} may race and the
     * loser's failure surfaces here as a {@link FuseException}: what counts is the mount table, and a
     * mount still there is detached with our own {@code fusermount -u -z}.
     */
    @Override
    public void close() throws IOException {
        String refused = "";
        try {
            fs.umount();
        } catch (FuseException e) {
            refused = " (jnr-fuse: " + e.getMessage() + ")";
        }
        try {
            if (!awaitMounted(table, dir, false)) {
                unmount(dir);
                if (!awaitMounted(table, dir, false)) {
                    throw new IOException("cannot unmount " + dir + ": still mounted after " + 2 * SETTLE_MILLIS / 1000
                            + " s" + refused);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code fusermount -u -z DIR}: detaches the mount now, even from a server that is gone. */
    private static void unmount(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("fusermount", "-u", "-z", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new MountFailedException("cannot unmount the stale mount on " + dir + ": " + out);
        }
    }

    /** Waits until {@code dir} is (or is no longer) a FUSE mount point; false on time-out. */
    private static boolean awaitMounted(MountTable table, Path dir, boolean mounted)
            throws IOException, InterruptedException {
        return awaitMounted(table, dir, mounted, () -> false);
    }

    /** As above; false as well once {@code gaveUp} says the mount cannot come any more. */
    private static boolean awaitMounted(MountTable table, Path dir, boolean mounted, BooleanSupplier gaveUp)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        while (table.fuseMountedOn(dir) != mounted) {
            if (System.nanoTime() > deadline || gaveUp.getAsBoolean()) {
                return false;
            }
            Thread.sleep(10); // the mount table has no change notification this code can wait on
        }
        return true;
    }
}
