package org.mcelogjava.kernelsim.mca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.McaBank;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.protocol.mce.Mce;

/**
 * What the #MC handler's grading does with the two kinds of record it grades but does not log:
 * a bank whose error is not enabled (EN clear) and, on a SER machine, a UCNA record (UC, S=0)
 * that the broadcast #MC finds in a bank. Both are written from Linux 6.12's code, not from the
 * mce-test cases.
 *
 * <p>Line numbers are those of arch/x86/kernel/cpu/mce/severity.c in the mainline copies read for
 * this test (torvalds/linux 03ab8e62 and Kingxukai/linux 9b44fff6, whose table head is the one of
 * 6.12); core.c is cited by function.
 */
class ExceptionPathGradingTest {

    private static final long VAL = 1L << 63;
    private static final long UC = 1L << 61;
    private static final long EN = 1L << 60;
    private static final long MISCV = 1L << 59;
    private static final long ADDRV = 1L << 58;
    private static final long PCC = 1L << 57;
    private static final long S = 1L << 56;
    private static final long AR = 1L << 55;
    private static final long RIPV = 1;
    private static final long EIPV = 2;
    private static final long MCIP = 4;

    private record Graded(int cpu, int bank, Severity severity, String message, Path path) {
    }

    private final List<Graded> grades = new ArrayList<>();
    private final List<Mce> logged = new ArrayList<>();
    private final List<String> panics = new ArrayList<>();

    private SimulatedKernel boot(boolean ser) {
        return new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer().withSer(ser), new Topology(1, 2, 2)))
                .config(new MceConfig().fakePanic(true))
                .startTimers(false)
                .observer(new MceObserver() {
                    @Override
                    public synchronized void graded(int cpu, Mce m, Grade g, Path path) {
                        grades.add(new Graded(cpu, m.bank(), g.severity(), g.message(), path));
                    }

                    @Override
                    public synchronized void logged(Mce m) {
                        logged.add(m);
                    }

                    @Override
                    public synchronized void panic(String message, Mce fin, String exception, boolean fake) {
                        panics.add(message);
                    }
                })
                .boot();
    }

    private List<Graded> grades(Path path) {
        return grades.stream().filter(g -> g.path() == path).toList();
    }

    /**
     * severity.c:76-79, the second row of severities[]: EN clear grades MCE_NO_SEVERITY "Not
     * enabled", gated on EXCP, so it is the #MC handler's grade whatever else the status says
     * (PCC, S|AR, S). core.c __mc_scan_banks(): a signalled bank is counted, graded, marked to be
     * cleared, and a NO grade is then skipped without mce_log(); with every CPU's worst still 0,
     * mce_reign() takes the "from unknown source" panic.
     */
    @Test
    void aBankWithItsErrorNotEnabledIsGradedNotEnabledOnTheMcPathClearedAndNotLogged() {
        long[] statuses = {
            VAL | UC | PCC | S, // mce-test panic/fatal_no_en
            VAL | UC | S | AR | ADDRV, // panic_ucr/srar_no_en
            VAL | UC | S | ADDRV, // recoverable_ucr/srao_no_en
        };
        for (boolean ser : new boolean[] {true, false}) {
            for (long status : statuses) {
                grades.clear();
                logged.clear();
                panics.clear();
                SimulatedKernel k = boot(ser);
                k.hardware().error(1, 4, status, 0x1234, 0, MCIP | RIPV, Regs.fake(0x1eadbabe, 0x73));

                String what = Long.toHexString(status) + (ser ? " ser" : " noser");
                // bank 4 is package-shared here, so every CPU of the rendezvous sees it
                assertTrue(grades(Path.EXCEPTION).contains(new Graded(1, 4, Severity.NO, "Not enabled",
                        Path.EXCEPTION)), what + ": " + grades);
                assertTrue(grades.stream().allMatch(g -> g.severity() == Severity.NO
                        && g.message().equals("Not enabled")), what + ": " + grades);
                assertEquals(0, k.machine().cpu(1).bank(4).status(), what + ": cleared by the scan");
                assertTrue(logged.isEmpty(), what + ": never reaches mce_log");
                assertEquals(List.of("Fatal machine check from unknown source"), panics, what);
            }
        }
    }

    /**
     * The same EN-clear record found by machine_check_poll() is graded with is_excp false, so the
     * EXCP-gated "Not enabled" row (severity.c:76-79) is skipped and the corrected rows decide:
     * "Non signaled machine check" (SER, severity.c:144-147) or "Corrected error" (NOSER).
     */
    @Test
    void thePollerDoesNotGradeNotEnabled() {
        for (boolean ser : new boolean[] {true, false}) {
            grades.clear();
            SimulatedKernel k = boot(ser);
            k.machine().cpu(0).bank(3).log(VAL, 0, 0);
            k.poller().poll(0, 0, MachineCheckPoller.allBanks(k.machine().cpu(0).bankCount()));
            assertEquals(List.of(new Graded(0, 3, Severity.KEEP,
                    ser ? "Non signaled machine check" : "Corrected error", Path.POLL)), grades);
        }
    }

    /**
     * severity.c:134-138: on SER, UC with S=0 and AR=0 is MCE_UCNA_SEVERITY "Uncorrected no action
     * required" (OVER ignored), ahead of the "Uncorrected in kernel" row, so also from the #MC
     * handler and in kernel context. core.c __mc_scan_banks(): a bank without S is left for
     * machine_check_poll() unless no_way_out, and a UCNA grade is skipped the same way; the bank
     * keeps its record, which the next poll logs as UCNA. Here the broadcast #MC is raised by an
     * SRAO error on CPU 0 while a UCNA record sits in CPU 2's bank 3.
     */
    @Test
    void aUcnaRecordFoundByTheBroadcastMcIsGradedUcnaAndLeftForThePoller() {
        SimulatedKernel k = boot(true);
        long ucna = VAL | UC | EN | ADDRV | MISCV;
        McaBank bank3 = k.machine().cpu(2).bank(3);
        bank3.log(ucna, 0x5000, 0x8c);
        k.hardware().error(0, 7, VAL | UC | EN | S | ADDRV | MISCV | 0xc0, 0x1234000, 0x8c, MCIP | RIPV,
                Regs.fake(0x1000, 0x73));

        assertTrue(grades(Path.EXCEPTION).contains(new Graded(2, 3, Severity.UCNA, "Uncorrected no action required",
                Path.EXCEPTION)), grades.toString());
        assertEquals(ucna, bank3.status(), "left in the bank for the poller");
        assertEquals(List.of(7), logged.stream().map(Mce::bank).toList(), "only the SRAO record is logged by #MC");
        assertTrue(panics.isEmpty(), panics.toString());

        k.poller().poll(2, 0, MachineCheckPoller.allBanks(k.machine().cpu(2).bankCount()));
        assertEquals(List.of(new Graded(2, 3, Severity.UCNA, "Uncorrected no action required", Path.POLL)),
                grades(Path.POLL));
        Mce polled = logged.get(1);
        assertEquals(3, polled.bank());
        assertEquals(Severity.UCNA.value(), polled.severity());
        assertEquals(0, bank3.status(), "the poller clears what it logs");
    }

    /**
     * A broadcast #MC whose only valid bank is a UCNA record (mce-test panic_noser/uc_over on a SER
     * CPU): graded UCNA in mce_no_way_out() and the scan, skipped by both, so every CPU's worst is
     * 0 and mce_reign() panics "from unknown source" with no record. On a non-SER CPU the same
     * record is "Overflowed uncorrected", no_way_out, and the Monarch panics on it.
     */
    @Test
    void aBroadcastMcWithOnlyAUcnaRecordIsFromAnUnknownSourceOnSer() {
        long ucOver = VAL | (1L << 62) | UC | EN | ADDRV;
        SimulatedKernel k = boot(true);
        k.machine().cpu(0).bank(2).log(ucOver, 0x1234, 0);
        k.hardware().machineCheck(0, MCIP | RIPV | EIPV, Regs.fake(0xdeadbabeL, 0x10));
        assertEquals(List.of(Severity.UCNA), grades(Path.EXCEPTION).stream().map(Graded::severity).distinct().toList());
        assertEquals(List.of("Fatal machine check from unknown source"), panics);
        assertTrue(logged.isEmpty());

        grades.clear();
        panics.clear();
        k = boot(false);
        k.machine().cpu(0).bank(2).log(ucOver, 0x1234, 0);
        k.hardware().machineCheck(0, MCIP | RIPV | EIPV, Regs.fake(0xdeadbabeL, 0x10));
        assertTrue(grades(Path.EXCEPTION).contains(new Graded(0, 2, Severity.PANIC, "Overflowed uncorrected",
                Path.EXCEPTION)), grades.toString());
        assertEquals(List.of("Fatal machine check"), panics);
    }
}
