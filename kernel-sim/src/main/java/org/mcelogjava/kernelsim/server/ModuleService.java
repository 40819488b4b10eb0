package org.mcelogjava.kernelsim.server;

import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.protocol.device.Errno;

/**
 * The module system calls a device-protocol peer can make ({@code init_module(2)},
 * {@code delete_module(2)}); the session checks CAP_SYS_MODULE (privilege) before calling.
 */
public interface ModuleService {

    /** A kernel without loadable modules: both calls answer ENOSYS. */
    ModuleService NONE = new ModuleService() {
        @Override
        public void load(byte[] image, String params) throws ErrnoException {
            throw new ErrnoException(Errno.ENOSYS, "no loadable module support");
        }

        @Override
        public void unload(String name, int flags) throws ErrnoException {
            throw new ErrnoException(Errno.ENOSYS, "no loadable module support");
        }
    };

    /** Loads the module in {@code image} (a module jar) with {@code name=value} parameters. */
    void load(byte[] image, String params) throws ErrnoException;

    /** Unloads module {@code name}. */
    void unload(String name, int flags) throws ErrnoException;
}
