package org.mcelogjava.protocol.device;

import java.util.Optional;

/**
 * Linux error numbers (x86 and asm-generic {@code errno-base.h}/{@code errno.h}) as the device
 * protocol carries them: a reply either succeeds or names one of these, exactly where the kernel's
 * file operation would return {@code -errno}.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    ESRCH(3, "No such process"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    ENXIO(6, "No such device or address"),
    E2BIG(7, "Argument list too long"),
    ENOEXEC(8, "Exec format error"),
    EBADF(9, "Bad file descriptor"),
    ECHILD(10, "No child processes"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    ENOTBLK(15, "Block device required"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    EXDEV(18, "Invalid cross-device link"),
    ENODEV(19, "No such device"),
    ENOTDIR(20, "Not a directory"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENFILE(23, "Too many open files in system"),
    EMFILE(24, "Too many open files"),
    ENOTTY(25, "Inappropriate ioctl for device"),
    ETXTBSY(26, "Text file busy"),
    EFBIG(27, "File too large"),
    ENOSPC(28, "No space left on device"),
    ESPIPE(29, "Illegal seek"),
    EROFS(30, "Read-only file system"),
    EMLINK(31, "Too many links"),
    EPIPE(32, "Broken pipe"),
    EDOM(33, "Numerical argument out of domain"),
    ERANGE(34, "Numerical result out of range"),
    EDEADLK(35, "Resource deadlock avoided"),
    ENAMETOOLONG(36, "File name too long"),
    ENOLCK(37, "No locks available"),
    ENOSYS(38, "Function not implemented"),
    ENOTEMPTY(39, "Directory not empty"),
    ENODATA(61, "No data available"),
    ETIME(62, "Timer expired"),
    EPROTO(71, "Protocol error"),
    EBADMSG(74, "Bad message"),
    EOVERFLOW(75, "Value too large for defined data type"),
    EMSGSIZE(90, "Message too long"),
    EPROTONOSUPPORT(93, "Protocol not supported"),
    EOPNOTSUPP(95, "Operation not supported"),
    ECONNRESET(104, "Connection reset by peer"),
    ETIMEDOUT(110, "Connection timed out"),
    ECANCELED(125, "Operation canceled"),
    EHWPOISON(133, "Memory page has hardware error");

    private static final int MAX_NUMBER = 133;
    private static final Errno[] BY_NUMBER = indexByNumber();

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** The Linux number, as the kernel returns it negated. */
    public int number() {
        return number;
    }

    /** The glibc {@code strerror} text. */
    public String description() {
        return description;
    }

    /** The errno with this Linux number, if this table has it. */
    public static Optional<Errno> fromNumber(int number) {
        if (number < 1 || number > MAX_NUMBER) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NUMBER[number]);
    }

    private static Errno[] indexByNumber() {
        Errno[] table = new Errno[MAX_NUMBER + 1];
        for (Errno e : values()) {
            table[e.number] = e;
        }
        return table;
    }

    /** "EBUSY (16): Device or resource busy". */
    public String describe() {
        return name() + " (" + number + "): " + description;
    }
}
