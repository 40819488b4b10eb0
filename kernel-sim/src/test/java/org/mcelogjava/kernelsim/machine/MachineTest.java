package org.mcelogjava.kernelsim.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineTest {

    private final Machine m = new Machine(CpuProfiles.skylakeServer(), new Topology(2, 4, 2));

    @Test
    void banksAreSharedByScope() {
        // CPU 0 and CPU 8 are the two threads of socket 0 core 0; CPU 4 is socket 1 core 0.
        assertSame(m.cpu(0).bank(0), m.cpu(8).bank(0), "core-scoped bank shared by SMT siblings");
        assertNotSame(m.cpu(0).bank(0), m.cpu(1).bank(0));
        assertSame(m.cpu(0).bank(10), m.cpu(3).bank(10), "package-scoped bank shared by the socket");
        assertNotSame(m.cpu(0).bank(10), m.cpu(4).bank(10));
    }

    @Test
    void identityAsTheKernelReportsIt() {
        assertEquals(0x50654, CpuProfiles.skylakeServer().cpuid());
        assertEquals(0x830f10, CpuProfiles.zen2().cpuid());
        assertEquals(1, m.cpu(4).socket());
        assertEquals(0b1001, m.cpu(12).apicId(), "socket 1, core 0, thread 1");
        assertEquals(20, m.cpu(0).bankCount());
        assertEquals(0, CpuProfiles.skylakeServer().withSer(false).mcgCap() & (1L << 24));
    }

    @Test
    void correctedErrorsCountAndSignalCmciAtTheThreshold() {
        McaBank b = m.cpu(0).bank(5);
        b.writeCtl2(McaBank.CTL2_CMCI_EN | 2);
        assertEquals(false, b.log(0x9000000000000090L, 0, 0));
        assertEquals(true, b.log(0x9000000000000090L, 0, 0));
        assertEquals(2, (b.status() >>> 38) & 0x7fff);
        assertTrue((b.status() & (1L << 62)) != 0, "second error while valid sets OVER");
    }

    @Test
    void aWarmResetKeepsLoggedErrors() {
        McaBank b = m.cpu(0).bank(5);
        b.log(0xb200000000000000L, 0x1000, 0);
        b.writeCtl2(McaBank.CTL2_CMCI_EN | 1);
        m.warmReset();
        assertEquals(0, b.ctl2());
        assertEquals(0xb200000000000000L, b.status());
    }
}
