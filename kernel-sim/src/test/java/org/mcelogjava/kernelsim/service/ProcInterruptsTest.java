package org.mcelogjava.kernelsim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceObserver;

/** {@code /proc/interrupts}: the machine-check lines per online CPU, counted where the kernel counts them. */
class ProcInterruptsTest {

    @TempDir
    Path dir;

    @Test
    void aCmciCountsAThresholdInterruptAndAPollOnItsCpuAndAnOfflineCpuHasNoColumn() throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("mce.sock"), 4, CpuProfiles.skylakeServer(),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Stepped(), "none", 1L, Set.of(), Set.of(), 0600);
        try (SimulatorService s = SimulatorService.start(config, MceObserver.NONE, (u, g) -> true, m -> { });
             DeviceConnection c = DeviceConnection.connect(config.socket(), "test")) {
            s.onEngine(() -> {
                s.kernel().cmci().interrupt(1);
                return null;
            });
            c.writeText("/sys/devices/system/cpu/cpu3/online", "0\n");
            // MCP: the polls every CPU makes at boot, and one more on CPU 1 for the CMCI
            assertEquals("""
                               CPU0       CPU1       CPU2      \s
                    THR:          0          1          0   Threshold APIC interrupts
                    DFR:          0          0          0   Deferred Error APIC interrupts
                    MCE:          0          0          0   Machine check exceptions
                    MCP:          2          3          2   Machine check polls
                    """, c.readText("/proc/interrupts"));
        }
    }
}
