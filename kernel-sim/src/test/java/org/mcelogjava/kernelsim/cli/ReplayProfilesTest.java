package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.inject.InjectSource;
import org.mcelogjava.kernelsim.mca.KernelProfile;

/** The same inputs on the seed-era kernel profile, where the policies differ. */
class ReplayProfilesTest {

    private static Map<String, Object> replay(String name, KernelProfile k, int cpus) throws IOException {
        ReplayOptions opt = new ReplayOptions(cpus, true, k, true, name);
        return ReplayCommand.run(opt, new InjectSource(name, ReplayConformanceTest.resource(name))).json();
    }

    @Test
    void oldReignMessageForAnUnexplainedBroadcast() throws IOException {
        assertEquals("Machine check from unknown source",
                replay("panic_npcc.unknown.inject", KernelProfile.V4_0, 4).get("panic_message"));
    }

    @Test
    void oldTableSpellsSignalledWithTwoLs() throws IOException {
        assertEquals("Non signalled machine check",
                replay("mce-inject.corrected.inject", KernelProfile.V4_0, 4).get("message"));
    }

    @Test
    void oldKernelRecoversActionRequiredInTheHandlerItself() throws IOException {
        Map<String, Object> json = replay("recoverable_ucr.srar_usr_dcu_nmi.inject", KernelProfile.V4_0, 4);
        assertEquals("recover", json.get("outcome"));
        assertEquals(List.of("memory_failure(pfn=0x12345, flags=MF_ACTION_REQUIRED) via do_machine_check (cpu 0) = 0"),
                json.get("actions"));
    }

    @Test
    void moreCpusStillMeetInTheRendezvous() throws IOException {
        Map<String, Object> json = replay("recoverable_ucr.srao_mem_scrub.inject", KernelProfile.V6_12, 16);
        assertEquals("recover", json.get("outcome"));
    }
}
