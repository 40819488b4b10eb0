package org.mcelogjava.kernelsim.module;

/**
 * The line kmod's tools print when the kernel refuses them, for a command that has only the
 * errno (as a system call returns it): insmod's {@code mod_strerror()} (tools/insmod.c), which
 * reads ENOENT from {@code init_module} as "Unknown symbol in module", and rmmod's messages
 * (tools/rmmod.c). The kernel's own line, e.g. {@code b: Unknown symbol a_add (err -2)}, is in
 * the kernel log (dmesg), as on a real machine.
 */
public final class KmodMessages {

    private KmodMessages() {
    }

    /**
     * {@code ERROR: could not insert module FILE: REASON}.
     *
     * @param strerror the errno's text, for the errnos mod_strerror does not name
     */
    public static String insmodFailed(String file, int errno, String strerror) {
        String reason = switch (errno) {
            case ModuleException.ENOENT -> "Unknown symbol in module";
            case ModuleException.ENOEXEC -> "Invalid module format";
            case ModuleException.EINVAL -> "Invalid parameters";
            default -> strerror;
        };
        return "ERROR: could not insert module " + file + ": " + reason;
    }

    /**
     * rmmod's line for a refused {@code delete_module}.
     *
     * @param strerror the errno's text
     */
    public static String rmmodFailed(String name, int errno, String strerror) {
        return switch (errno) {
            case ModuleException.ENOENT -> "ERROR: Module " + name + " is not currently loaded";
            case ModuleException.EBUSY -> "ERROR: Module " + name + " is in use (lsmod shows by which modules)";
            default -> "ERROR: could not remove module " + name + ": " + strerror;
        };
    }
}
