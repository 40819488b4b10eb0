package org.mcelogjava.protocol.mce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegisterViewsTest {

    @Test
    void statusBitsAreReadFromTheirSdmPositions() {
        // A patrol-scrub SRAO: VAL UC EN MISCV ADDRV S, MSCOD 0x0010, MCACOD 0x00c1 (scrub, channel 1).
        McaStatus s = new McaStatus(0xbd00_0000_0010_00c1L);
        assertTrue(s.val());
        assertFalse(s.over());
        assertTrue(s.uc());
        assertTrue(s.en());
        assertTrue(s.miscv());
        assertTrue(s.addrv());
        assertFalse(s.pcc());
        assertTrue(s.s());
        assertFalse(s.ar());
        assertEquals(0x0010, s.mscod());
        assertEquals(0x00c1, s.mcacod());
        assertEquals(SerClass.SRAO, s.serClass(true));
    }

    @Test
    void eachStatusFlagIsItsOwnBit() {
        long[] masks = {McaStatus.VAL, McaStatus.OVER, McaStatus.UC, McaStatus.EN, McaStatus.MISCV,
                McaStatus.ADDRV, McaStatus.PCC, McaStatus.S, McaStatus.AR};
        int[] bits = {63, 62, 61, 60, 59, 58, 57, 56, 55};
        for (int i = 0; i < masks.length; i++) {
            assertEquals(1L << bits[i], masks[i]);
        }
        McaStatus onlyAr = new McaStatus(1L << 55);
        assertTrue(onlyAr.ar());
        assertFalse(onlyAr.s() || onlyAr.pcc() || onlyAr.val());
    }

    @Test
    void correctedCountAndThresholdStatusAreTheirBitFields() {
        long status = (0x7fffL << 38) | (2L << 53);
        McaStatus s = new McaStatus(status);
        assertEquals(0x7fff, s.correctedCount());
        assertEquals(ThresholdStatus.YELLOW, s.thresholdStatus());
        assertEquals(0, s.mscod());

        McaStatus count5 = new McaStatus(5L << 38 | 1L << 53);
        assertEquals(5, count5.correctedCount());
        assertEquals(ThresholdStatus.GREEN, count5.thresholdStatus());
        assertEquals(0x3f, new McaStatus(0x3fL << 32).otherInfo());
    }

    @ParameterizedTest(name = "status {0} ser={1} -> {2}")
    @CsvSource({
            "0x9000000000000000, true,  CORRECTED",
            "0xb000000000000000, true,  UCNA",
            "0xb100000000000000, true,  SRAO",
            "0xb180000000000000, true,  SRAR",
            "0xb300000000000000, true,  FATAL",   // PCC wins over S
            "0xb080000000000000, true,  FATAL",   // S=0, AR=1 is reserved
            "0xb000000000000000, false, FATAL",   // no SER_P: nothing is recoverable
            "0x9000000000000000, false, CORRECTED",
    })
    void serClassFollowsTheSdmTable(String status, boolean serP, SerClass expected) {
        assertEquals(expected, new McaStatus(Long.parseUnsignedLong(status.substring(2), 16)).serClass(serP));
    }

    @Test
    void mcgStatusBits() {
        McgStatus g = new McgStatus(0b1101);
        assertTrue(g.ripv());
        assertFalse(g.eipv());
        assertTrue(g.mcip());
        assertTrue(g.lmces());
        assertFalse(g.seamNr());
    }

    @Test
    void mcgCapOfASkylakeServer() {
        // 0x0f000c14: 20 banks, CMCI_P, TES_P, SER_P, EMC_P, ELOG_P, LMCE_P; no CTL_P or EXT_P.
        McgCap cap = new McgCap(0x0f000c14L);
        assertEquals(20, cap.bankCount());
        assertFalse(cap.ctlP());
        assertFalse(cap.extP());
        assertTrue(cap.cmciP());
        assertTrue(cap.tesP());
        assertTrue(cap.serP());
        assertTrue(cap.emcP());
        assertTrue(cap.elogP());
        assertTrue(cap.lmceP());
        assertEquals(0, cap.extCnt());
        assertEquals(10, new McgCap(0x0a0a09L).extCnt());
    }

    @Test
    void miscAddressLsbAndMode() {
        McaMisc misc = new McaMisc(0x8c); // mode 2 (physical), LSB 12 (page granularity)
        assertEquals(12, misc.addressLsb());
        assertEquals(McaMisc.AddressMode.PHYSICAL, misc.addressMode());
        assertEquals(McaMisc.AddressMode.GENERIC, new McaMisc(7 << 6).addressMode());
    }
}
