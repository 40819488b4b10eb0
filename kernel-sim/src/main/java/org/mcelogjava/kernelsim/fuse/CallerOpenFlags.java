package org.mcelogjava.kernelsim.fuse;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The flags a process passed to {@code open(2)}, read from the process itself while it waits in
 * the call. FUSE does not forward {@code O_EXCL} to the file system (fs/fuse/file.c
 * {@code fuse_send_open} masks {@code O_CREAT | O_EXCL | O_NOCTTY}), yet {@code mce_chrdev_open}
 * decides exclusivity from it. The caller's thread is asleep in its open while the FUSE request is
 * served, so {@code /proc/TID/syscall} shows the call and its arguments: {@code open} (2) has the
 * flags in its second argument, {@code openat} (257) in its third, {@code openat2} (437) in the
 * first field of its {@code struct open_how}, read from {@code /proc/TID/mem}. x86-64 numbering,
 * the only architecture the simulator models.
 */
final class CallerOpenFlags {

    private static final int SYS_OPEN = 2;
    private static final int SYS_OPENAT = 257;
    private static final int SYS_OPENAT2 = 437;

    private final Path proc;

    /** @param proc where procfs is mounted ({@code /proc}) */
    CallerOpenFlags(Path proc) {
        this.proc = proc;
    }

    /**
     * The open flags of thread {@code tid}'s current system call, if it is an open this class can
     * read; empty when the thread is gone, is not in an open, or cannot be inspected.
     */
    OptionalInt of(int tid) {
        if (tid <= 0) {
            return OptionalInt.empty();
        }
        try {
            String[] f = Files.readString(proc.resolve(tid + "/syscall")).trim().split(" ");
            if (f.length < 4) {
                return OptionalInt.empty();
            }
            int nr = Integer.parseInt(f[0]);
            return switch (nr) {
                case SYS_OPEN -> OptionalInt.of((int) hex(f[2]));
                case SYS_OPENAT -> OptionalInt.of((int) hex(f[3]));
                case SYS_OPENAT2 -> openHowFlags(tid, hex(f[3]));
                default -> OptionalInt.empty();
            };
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** {@code struct open_how} begins with {@code __u64 flags}, in the caller's byte order (little-endian). */
    private OptionalInt openHowFlags(int tid, long address) throws IOException {
        try (RandomAccessFile mem = new RandomAccessFile(proc.resolve(tid + "/mem").toFile(), "r")) {
            mem.seek(address);
            return OptionalInt.of(Integer.reverseBytes(mem.readInt()));
        }
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }
}
