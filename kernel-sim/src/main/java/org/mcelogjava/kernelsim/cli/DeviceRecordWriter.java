package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.kernelsim.inject.RecordWriter;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.device.DeviceProtocol;
import org.mcelogjava.protocol.device.DeviceResponse;
import org.mcelogjava.protocol.device.Operation;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * mce-inject's {@code write_mce()} against a running simulator: each record is written to the
 * simulator's {@code /dev/mcelog} (an open handle) as the C tool writes it, the 88-byte
 * {@code struct mce}. A lone write is a device WRITE. The writes the tool's per-CPU threads make
 * together after their barrier travel in one WRITE_TOGETHER (PROTOCOL.md §5), so the simulator
 * raises them concurrently as a kernel without {@code mce_inject_mutex} would; more than
 * {@link DeviceProtocol#MAX_WRITES_TOGETHER} go in several such requests, each group together.
 * A write the kernel refuses ends the injection, as the C tool's {@code err()} does.
 */
final class DeviceRecordWriter implements RecordWriter {

    private final DeviceConnection device;
    private final int handle;

    /** @param handle {@code /dev/mcelog} opened for writing on {@code device} */
    DeviceRecordWriter(DeviceConnection device, int handle) {
        this.device = device;
        this.handle = handle;
    }

    @Override
    public void write(Mce m, Task writer) {
        try {
            device.write(handle, encode(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DeviceException e) {
            throw new Refused(e);
        }
    }

    @Override
    public void writeTogether(List<Mce> records, IntFunction<Task> writers) {
        if (records.size() == 1) { // one write is a WRITE: the same raise, and a server without WRITE_TOGETHER takes it
            write(records.get(0), writers.apply((int) records.get(0).extcpu()));
            return;
        }
        // More than MAX_WRITES_TOGETHER go in several requests, each its own rendezvous (PROTOCOL.md §5):
        // beyond 60 such writes the running simulator's outcome can differ from mce-sim replay's.
        for (int from = 0; from < records.size(); from += DeviceProtocol.MAX_WRITES_TOGETHER) {
            List<byte[]> group = new ArrayList<>();
            for (Mce m : records.subList(from, Math.min(records.size(), from + DeviceProtocol.MAX_WRITES_TOGETHER))) {
                group.add(encode(m));
            }
            try {
                DeviceResponse.WriteTogether reply = device.writeTogether(handle, group);
                for (int i = 0; i < group.size(); i++) {
                    int cpu = (int) records.get(from + i).extcpu();
                    reply.errno(i).ifPresent(errno -> {
                        throw new Refused(new DeviceException(Operation.WRITE_TOGETHER, errno,
                                "the write of the record for CPU " + cpu));
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (DeviceException e) {
                throw new Refused(e);
            }
        }
    }

    private static byte[] encode(Mce m) {
        return MceCodec.encode(m, MceLayout.LEN_3X);
    }

    /** The kernel refused a write; the tool stops, naming the errno. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(DeviceException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
