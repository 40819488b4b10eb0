package org.mcelogjava.daemon.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.mcelogjava.daemon.dmi.DmiMemory;
import org.mcelogjava.daemon.dmi.SysfsDmi;
import org.mcelogjava.daemon.machine.MachineFiles;

/**
 * mcelog's {@code checkdmi} against the simulated machine's firmware tables: without {@code --dmi}
 * or {@code --no-dmi} the tables are used when they can be read and pass {@code dmi_sanity_check};
 * {@code --dmi} uses them as they are and makes unreadable tables fatal; {@code --no-dmi} skips
 * them. What is used here is the memory devices' names, for the daemon's DIMM database, and their
 * address ranges, on which memory errors are placed ({@code decode.DimmMap}).
 */
final class DmiCheck {

    /** The simulator has no /dev/mem, mcelog's fallback when the sysfs entries cannot be read. */
    static final String UNAVAILABLE = "Cannot open /dev/mem for DMI decoding: No such file or directory";

    /**
     * @param usable  whether mcelog may go on (false only when --dmi was given and there are no tables)
     * @param devices the memory devices to name and locate DIMMs by; empty when DMI is not used
     */
    record Result(boolean usable, List<DmiMemory.Device> devices) {
    }

    private DmiCheck() {
    }

    /**
     * @param machine the machine's files, empty when the device cannot be reached
     * @param forced  {@code --dmi} (true), {@code --no-dmi} (false), or neither (empty)
     */
    static Result run(Optional<MachineFiles> machine, Optional<Boolean> forced, PrintStream err) {
        if (forced.isPresent() && !forced.get()) {
            return new Result(true, List.of());
        }
        Optional<DmiMemory> tables;
        try {
            tables = machine.isPresent() ? SysfsDmi.read(machine.get()) : Optional.empty();
        } catch (IOException e) {
            tables = Optional.empty();
        }
        if (tables.isEmpty()) {
            err.print("mcelog: " + UNAVAILABLE + "\n");
            return new Result(forced.isEmpty(), List.of());
        }
        boolean use = forced.isPresent() || tables.get().sane();
        return new Result(true, use ? tables.get().locators() : List.of());
    }
}
