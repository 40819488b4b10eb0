package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.kernelsim.faults.BankLayout;
import org.mcelogjava.kernelsim.faults.ErrorKind;
import org.mcelogjava.kernelsim.machine.CpuProfile;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * The simulator reports each channel's memory errors on the bank, with the MCACOD channel, that
 * mcelog's decoding reads as that channel: for every channel of the Intel server profiles, a
 * corrected read error as the fault generator makes it, decoded by the daemon.
 */
class MemoryBanksDecodeTest {

    private static void assertEachChannelDecodesAsItself(CpuProfile profile, CpuType type) {
        BankLayout layout = BankLayout.of(profile);
        MceDecoder decoder = new MceDecoder(new CpuTypeTracker(type, true, line -> { }), new CpuDecoders());
        for (int channel = 0; channel < layout.channels(); channel++) {
            Mce m = Mce.builder().bank(layout.memoryBanks().get(channel))
                    .status(layout.memoryStatus(ErrorKind.MEMORY_CE_READ, channel)).misc(layout.memoryMisc())
                    .addr(0x1234_5000L).cpuid(profile.cpuid()).socketid(0).finished(1).build();
            assertEquals(channel, decoder.decode(m, MceLayout.SIZE).facts().channel(),
                    profile.name() + ": channel " + channel + " on bank " + m.bank());
        }
    }

    @Test
    void skylakeServerChannelsAreOnTheBanksMcelogReadsThemFrom() {
        assertEachChannelDecodesAsItself(CpuProfiles.skylakeServer(), CpuType.SKYLAKE_XEON);
    }

    @Test
    void sapphireRapidsChannelsAreOnTheBanksMcelogReadsThemFrom() {
        assertEachChannelDecodesAsItself(CpuProfiles.sapphireRapids(), CpuType.SAPPHIRERAPIDS);
    }
}
