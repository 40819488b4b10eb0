package org.mcelogjava.kernelsim.dev;

import java.util.List;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The injector notifier chain {@code mce_injector_chain} that {@code dev_mce_write} calls with a
 * record written to the device: the mce-inject module's {@code mce_inject_raise} listens on it.
 * {@link #raiseTogether} is the chain called by several writers at the same moment.
 */
@FunctionalInterface
public interface LegacyInjector {

    /** The chain when no injector module is loaded: a write still succeeds and does nothing. */
    LegacyInjector NONE = m -> { };

    void raise(Mce m);

    /**
     * The chain called by several threads at once, each with its record (writes that the device
     * protocol's WRITE_TOGETHER carries). An injector without a notion of concurrency raises them
     * one after another, in list order.
     */
    default void raiseTogether(List<Mce> records) {
        for (Mce m : records) {
            raise(m);
        }
    }
}
