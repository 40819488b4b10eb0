package org.mcelogjava.kernelsim.mm;

/** The errno values memory_failure and its callers return (negated, as the kernel does). */
public final class Errno {
    public static final int EPERM = 1;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EOPNOTSUPP = 95;
    public static final int EHWPOISON = 133;

    private Errno() {
    }
}
