package org.mcelogjava.kernelsim.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.clock.ScaledClock;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.MceConfig;
import org.mcelogjava.kernelsim.mca.Regs;

/**
 * {@code mce-sim bench}: the two figures issue 3 asks for, measured on this machine (not a test).
 * <ol>
 * <li>1,024 CPUs (8 sockets × 64 cores × 2 threads, Sapphire Rapids, 32 banks) with poll timers
 * running through one simulated day on an accelerated clock; CMCI is disabled so every timer
 * poll scans all 32 banks. Reports the achieved simulated/real time ratio.</li>
 * <li>The wall time of a broadcast #MC rendezvous of 256 CPUs (one SRAO error in a shared bank).</li>
 * </ol>
 */
final class BenchCommand {

    static final String USAGE = "usage: mce-sim bench [CLOCK_FACTOR] (default 100000)";
    private static final String PROGRAM = "mce-sim bench";
    private static final String HELP = USAGE + """


            Measures two figures on this machine and prints one line for each: 1,024 CPUs x 32 banks
            with poll timers running through one simulated day on a clock accelerated by
            CLOCK_FACTOR (the simulated/real time achieved), and the wall time of a 256-CPU broadcast
            #MC rendezvous. Exit status 0, or 1 on a usage error.
            """;
    private static final long DAY_NANOS = 86_400L * 1_000_000_000L;

    private BenchCommand() {
    }

    /** {@code mce-sim bench ARGS}: returns the exit status. */
    static int cli(List<String> args, PrintStream out, PrintStream err) {
        if (Cli.wantsHelp(args)) {
            out.print(HELP);
            return Cli.OK;
        }
        if (Cli.wantsVersion(args)) {
            return Cli.version(out, "mce-sim");
        }
        if (!args.isEmpty() && args.get(0).startsWith("--")) {
            return Cli.usageError(err, PROGRAM, "unknown option '" + args.get(0) + "'");
        }
        if (args.size() > 1) {
            return Cli.usageError(err, PROGRAM, "unexpected argument '" + args.get(1) + "'");
        }
        double factor = 100_000;
        if (!args.isEmpty()) {
            try {
                factor = Double.parseDouble(args.get(0));
            } catch (NumberFormatException e) {
                factor = Double.NaN;
            }
            if (!(factor > 0) || Double.isInfinite(factor)) {
                return Cli.usageError(err, PROGRAM, "CLOCK_FACTOR must be a positive number, got '"
                        + args.get(0) + "'");
            }
        }
        return run(out, factor);
    }

    static int run(PrintStream out, double factor) {
        pollDay(out, factor);
        rendezvous(out, 256, 20);
        return 0;
    }

    private static void pollDay(PrintStream out, double factor) {
        ScaledClock clock = ScaledClock.accelerated(factor);
        SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.sapphireRapids(), new Topology(8, 64, 2)))
                .clock(clock).config(new MceConfig().cmciDisabled(true)).logCapacity(1024).boot();
        long realStart = System.nanoTime();
        long simStart = clock.nanoTime();
        long end = simStart + DAY_NANOS;
        long polls = 0;
        long worstLag = 0;
        while (clock.nanoTime() < end) {
            long next = Math.min(k.timers().nextDeadline(), end);
            long ahead = next - clock.nanoTime();
            if (ahead > 0) {
                LockSupport.parkNanos((long) (ahead / factor));
                continue;
            }
            worstLag = Math.max(worstLag, clock.nanoTime() - next);
            k.runDueTimers();
        }
        double real = (System.nanoTime() - realStart) / 1e9;
        for (int c = 0; c < k.machine().cpuCount(); c++) {
            polls += k.context().cpu(c).pollCount();
        }
        out.printf("poll-day: 1024 CPUs x 32 banks, %d timer polls (%d bank reads) in %.3f s real for 86400 s "
                + "simulated: %.0fx real time (clock factor %.0f, worst timer lag %.1f simulated s)%n",
                polls, polls * 32, real, 86_400 / real, factor, worstLag / 1e9);
    }

    private static void rendezvous(PrintStream out, int cpus, int rounds) {
        SimulatedKernel k = new SimulatedKernel.Builder(new Machine(CpuProfiles.skylakeServer(), new Topology(2, cpus / 4, 2)))
                .boot();
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            k.hardware().error(i % cpus, 7, 0xbd000000000000c0L, 0x100000L * (i + 1), 0x8c, 5, Regs.interruptedKernel());
            long dt = System.nanoTime() - t0;
            best = Math.min(best, dt);
            total += dt;
        }
        out.printf("rendezvous: %d CPUs, %d broadcast #MC rounds: mean %.2f ms, best %.2f ms wall%n", cpus, rounds,
                total / 1e6 / rounds, best / 1e6);
    }
}
