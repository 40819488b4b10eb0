package org.mcelogjava.daemon.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import org.mcelogjava.daemon.decode.AmdDecoding;
import org.mcelogjava.daemon.decode.CpuSelector;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.ProcCpuinfo;
import org.mcelogjava.daemon.machine.MachineFiles;
import org.mcelogjava.protocol.device.DevicePaths;

/**
 * mcelog's start-up check of the CPU in device mode without a forced type
 * ({@code is_cpu_supported}), against the machine's {@code /proc/cpuinfo} (the simulator's through
 * its device socket, or the file): the type it selects becomes the type for records without a CPUID; an AMD
 * family 16 or later or a Hygon CPU is refused, except AMD family 17h and later (Zen), decoded as
 * SMCA unless {@code --amd-compat=mcelog} keeps mcelog's refusal. A file that cannot be read or parsed is a warning
 * and leaves the type to the records, as in mcelog.
 */
final class CpuCheck {

    /**
     * @param supported whether the daemon may run
     * @param type      the type /proc/cpuinfo selects, if it selected one
     */
    record Result(boolean supported, Optional<CpuType> type) {
    }

    private CpuCheck() {
    }

    /**
     * Reads and judges the machine's /proc/cpuinfo; warnings and the refusal go to {@code err} with
     * mcelog's prefix.
     *
     * @param machine the machine's files, empty when the device cannot be reached
     */
    static Result run(Optional<MachineFiles> machine, AmdDecoding amd, PrintStream err) {
        String text;
        try {
            text = machine.orElseThrow(() -> new IOException("no device")).readText(DevicePaths.CPUINFO);
        } catch (IOException e) {
            err.print("mcelog: warning: Cannot open /proc/cpuinfo\n");
            return new Result(true, Optional.empty());
        }
        Optional<ProcCpuinfo> info = ProcCpuinfo.parse(text);
        if (info.isEmpty()) {
            err.print("mcelog: warning: Cannot parse /proc/cpuinfo\n");
            return new Result(true, Optional.empty());
        }
        ProcCpuinfo.Verdict verdict = info.get().verdict(new CpuSelector(note -> err.print("mcelog: " + note + "\n"), amd));
        verdict.refusal().ifPresent(line -> err.print("mcelog: " + line + "\n"));
        return new Result(verdict.supported(), verdict.type());
    }
}
