package org.mcelogjava.kernelsim.inject;

import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Where mce-inject's {@code write_mce()} sends a record: {@code write(fd, m, sizeof(*m))} on
 * {@code /dev/mcelog}, made by {@code writer}, the tool's thread pinned to the record's CPU. In the
 * engine it is {@link KernelInjector#write}; against a running simulator it is a device WRITE.
 */
@FunctionalInterface
public interface RecordWriter {

    void write(Mce m, Task writer);
}
