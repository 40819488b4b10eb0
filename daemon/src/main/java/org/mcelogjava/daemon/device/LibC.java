package org.mcelogjava.daemon.device;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The C library's calls a reader of {@code /dev/mcelog} makes, bound through jnr-ffi: the calls
 * mcelog's {@code main} and {@code process()} make on the device ({@code open}, {@code ioctl},
 * {@code poll}, {@code read}, {@code close}), with {@code errno} saved after each and worded by
 * {@code strerror}. x86-64 Linux, the only machine the project models; the flag, event and errno
 * values are the protocol's ({@code OpenFlags}, {@code PollEvents}, {@code Errno}), which carry
 * Linux's.
 */
final class LibC {

    /** {@code O_CLOEXEC}, which the device protocol has no use for. */
    static final int O_CLOEXEC = 02000000;
    /** {@code struct pollfd}: int fd, short events, short revents. */
    static final int POLLFD_SIZE = 8;

    /** The calls, as jnr-ffi binds them. */
    public interface Calls {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int close(int fd);

        @SaveError
        int ioctl(int fd, long request, @Out IntByReference value);

        @SaveError
        int poll(@In @Out Pointer fds, long nfds, int timeoutMillis);

        @SaveError
        @ssize_t
        long read(int fd, @Out Pointer buf, @size_t long count);

        String strerror(int errno);
    }

    private final Calls calls;
    private final Runtime runtime;

    private LibC(Calls calls) {
        this.calls = calls;
        this.runtime = Runtime.getRuntime(calls);
    }

    /** The process's C library, bound once (jnr-ffi generates the binding's class at the first load). */
    static LibC get() {
        return Bound.LIBC;
    }

    private static final class Bound {
        static final LibC LIBC = new LibC(LibraryLoader.create(Calls.class).load("c"));
    }

    Calls calls() {
        return calls;
    }

    Runtime runtime() {
        return runtime;
    }

    /** The errno the last call on this thread left. */
    int errno() {
        return LastError.getLastError(runtime);
    }

    /** strerror(errno) of the last call on this thread. */
    String lastError() {
        return calls.strerror(errno());
    }
}
