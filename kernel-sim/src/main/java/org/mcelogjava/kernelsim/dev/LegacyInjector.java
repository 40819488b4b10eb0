package org.mcelogjava.kernelsim.dev;

import org.mcelogjava.protocol.mce.Mce;

/**
 * The injector notifier chain {@code mce_injector_chain} that {@code dev_mce_write} calls with a
 * record written to the device: the mce-inject module's {@code mce_inject_raise} listens on it.
 */
@FunctionalInterface
public interface LegacyInjector {

    /** The chain when no injector module is loaded: a write still succeeds and does nothing. */
    LegacyInjector NONE = m -> { };

    void raise(Mce m);
}
