package org.mcelogjava.kernelsim.inject;

import java.util.List;
import java.util.function.IntFunction;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Where mce-inject's {@code write_mce()} sends a record: {@code write(fd, m, sizeof(*m))} on
 * {@code /dev/mcelog}, made by {@code writer}, the tool's thread pinned to the record's CPU. In the
 * engine it is {@link KernelInjector#write}; against a running simulator it is a device WRITE.
 */
public interface RecordWriter {

    void write(Mce m, Task writer);

    /**
     * The writes of the tool's per-CPU threads, which its spin barrier releases together
     * (mce-inject.md §1.6 point 6): each record by {@code writers.apply(extcpu)}. The engine
     * raises them concurrently ({@link KernelInjector#writeTogether}); against a running simulator
     * they travel in one WRITE_TOGETHER request to the same method. A writer that can carry only
     * one record at a time (this default) writes them one after another, which is what a kernel
     * serialising them with {@code mce_inject_mutex} sees.
     */
    default void writeTogether(List<Mce> records, IntFunction<Task> writers) {
        for (Mce m : records) {
            write(m, writers.apply((int) m.extcpu()));
        }
    }
}
