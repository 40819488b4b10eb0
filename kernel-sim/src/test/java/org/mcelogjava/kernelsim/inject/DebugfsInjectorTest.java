package org.mcelogjava.kernelsim.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.Severity;
import org.mcelogjava.kernelsim.mm.Errno;
import org.mcelogjava.protocol.mce.Mce;

/** /sys/kernel/debug/mce-inject: staging, validation, and the four injection types. */
class DebugfsInjectorTest {

    private final List<Mce> delivered = new ArrayList<>();

    private SimulatedKernel boot(boolean amd) {
        return new SimulatedKernel.Builder(new Machine(amd ? CpuProfiles.zen2() : CpuProfiles.skylakeServer(),
                Topology.flat(4))).mcelog(delivered::add).boot();
    }

    @Test
    void softwareInjectionOnlyLogsAndSetsValAndMiscv() {
        SimulatedKernel k = boot(false);
        DebugfsInjector inj = k.debugfsInjector();
        inj.status(0x9000000000000000L);
        inj.misc(0x8c);
        assertEquals(0, inj.cpu(2));
        assertEquals(0, inj.bank(3));
        k.runDeferredWork();
        assertEquals(1, delivered.size());
        assertEquals(0x9800000000000000L, delivered.get(0).status());
        assertEquals(2, delivered.get(0).extcpu());
        assertEquals(0, k.machine().cpu(2).bank(3).status(), "no register touched");
        assertEquals(0, inj.staged().status(), "staging record reset after injection");
    }

    @Test
    void validation() {
        SimulatedKernel k = boot(false);
        DebugfsInjector inj = k.debugfsInjector();
        assertEquals(-Errno.EINVAL, inj.cpu(4));
        assertEquals(-Errno.EINVAL, inj.bank(20));
        assertEquals(-Errno.EINVAL, inj.flags("hw"), "hardware injection needs AMD's HWCR");
        assertEquals(-Errno.EINVAL, inj.flags("xyzzy"));
        assertEquals(0, inj.flags("sw\n"));
    }

    @Test
    void amdHardwareInjectionRaisesALocalMachineCheck() {
        SimulatedKernel k = boot(true);
        DebugfsInjector inj = k.debugfsInjector();
        assertEquals(0, inj.flags("hw"));
        inj.status(0x9000000000000000L);
        inj.cpu(1);
        inj.bank(2);
        k.runDeferredWork();
        assertEquals(1, k.context().cpu(1).exceptionCount());
        assertEquals(0, k.context().cpu(0).exceptionCount(), "AMD #MC never rendezvouses");
        assertEquals(0, delivered.size(), "a corrected error is left for the poller by #MC");
    }

    @Test
    void amdDeferredInterruptPollsTheBank() {
        SimulatedKernel k = boot(true);
        DebugfsInjector inj = k.debugfsInjector();
        inj.flags("df");
        inj.status(0xb000000000000000L);
        inj.bank(5);
        k.runDeferredWork();
        assertEquals(1, delivered.size());
        assertEquals(Severity.UCNA.value(), delivered.get(0).severity(), "AMD deferred grades as DEFERRED");
    }
}
