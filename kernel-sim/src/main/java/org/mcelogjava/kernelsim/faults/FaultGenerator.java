package org.mcelogjava.kernelsim.faults;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.clock.TimerQueue;
import org.mcelogjava.kernelsim.machine.Cpu;
import org.mcelogjava.kernelsim.machine.Dimm;
import org.mcelogjava.kernelsim.machine.DimmMap;
import org.mcelogjava.kernelsim.mca.Regs;

/**
 * Realistic hardware errors for a {@link SimulatedKernel}: the platform side of a server in the
 * field. Every error is written into an MCA bank through {@link SimulatedKernel#hardware()}, so
 * the kernel finds it the way it finds real ones — CMCI or the poll timer for corrected errors
 * and UCNA, a broadcast #MC for a patrol-scrub SRAO.
 *
 * <p>The model ({@link FaultProfile} has the figures and their sources): at {@link #start()}
 * each DIMM is faulty with probability {@code faultyDimmFraction}; new faults appear on healthy
 * DIMMs at {@code faultOnsetPerDimmYear}. A fault has a {@link FaultMode} (its spatial footprint,
 * a fixed set of weak cells in one address, row, column, bank or channel) and a corrected-error rate drawn
 * from a truncated Pareto distribution, so a few DIMMs produce most of the errors. Each error
 * may start a burst (temporal clustering). Faulty DIMMs also produce rare uncorrected errors.
 * Cache and interconnect errors arrive as background Poisson processes.
 *
 * <p>Every process is a chain of one-shot timers on the kernel's {@link TimerQueue} with
 * exponential gaps, so the generator runs in virtual time: stepped in tests, accelerated for a
 * demo (1440× shows a day per minute). All draws come from one {@link Random} seeded by the
 * caller and happen in timer order, and each event is timed from the virtual time the previous
 * one was due (not from when a real-time driver got round to it), so the same seed on the same
 * machine gives the same sequence of errors on a stepped or an accelerated clock. Not thread-safe: call {@link #start()} and {@link #stop()} on the thread
 * that runs the kernel's timers.
 */
public final class FaultGenerator {

    private final SimulatedKernel kernel;
    private final FaultProfile profile;
    private final BankLayout layout;
    private final DimmMap dimms;
    private final Random rnd;
    private final Consumer<HardwareError> listener;
    private final List<DimmFault> faults = new ArrayList<>();
    private final List<TimerQueue.Timer> timers = new ArrayList<>();
    private final long[] perDimm;
    private final Map<ErrorKind, Long> perKind = new EnumMap<>(ErrorKind.class);
    private boolean started;
    private boolean running;
    /** Virtual time the current event was due: later events are timed from it, not from a late "now". */
    private long due;

    /**
     * @param kernel   the booted kernel whose banks receive the errors
     * @param profile  rates
     * @param seed     seed of every random draw
     * @param listener told of each error right after it was raised
     */
    public FaultGenerator(SimulatedKernel kernel, FaultProfile profile, long seed, Consumer<HardwareError> listener) {
        this.kernel = kernel;
        this.profile = profile;
        this.layout = BankLayout.of(kernel.machine().profile());
        long memoryBytes = kernel.memoryFailure().memory().pageCount() << 12;
        this.dimms = BankLayout.dimms(kernel.machine(), memoryBytes);
        this.rnd = new Random(seed);
        this.listener = listener;
        this.perDimm = new long[dimms.dimms().size()];
    }

    /** The DIMM layout errors are placed on. */
    public DimmMap dimms() {
        return dimms;
    }

    /** The faults active now, in the order they appeared. */
    public List<DimmFault> faults() {
        return List.copyOf(faults);
    }

    /** Errors raised so far on each DIMM, indexed like {@link DimmMap#dimms()}. */
    public long[] errorsPerDimm() {
        return perDimm.clone();
    }

    /** Errors raised so far of one kind. */
    public long count(ErrorKind kind) {
        return perKind.getOrDefault(kind, 0L);
    }

    /**
     * Errors per virtual second the current faults and background processes produce, bursts and
     * new faults not counted: what a long run's count divided by its length approaches.
     */
    public double baseRatePerSecond() {
        double r = cacheRate() + busRate();
        for (DimmFault f : faults) {
            r += f.cePerSecond() + (layout.uncorrected() ? f.uePerSecond() : 0);
        }
        return r;
    }

    /** Draws the boot-time faults and arms every process. Calling it twice is an error. */
    public void start() {
        if (started) {
            throw new IllegalStateException("fault generator already started; make a new one to start over");
        }
        started = true;
        running = true;
        due = kernel.context().clock().nanoTime();
        for (Dimm d : dimms.dimms()) {
            if (rnd.nextDouble() < profile.faultyDimmFraction()) {
                addFault(d);
            }
        }
        arm(this::onsetRate, this::onset);
        arm(this::cacheRate, this::cacheError);
        arm(this::busRate, this::busError);
    }

    /** Cancels every pending timer; nothing more is raised, and the generator cannot be restarted. */
    public void stop() {
        running = false;
        timers.forEach(TimerQueue.Timer::cancel);
        timers.clear();
    }

    private double onsetRate() {
        return profile.perSecond(profile.faultOnsetPerDimmYear()) * (dimms.dimms().size() - faults.size());
    }

    private double cacheRate() {
        int cores = kernel.machine().topology().sockets() * kernel.machine().topology().coresPerSocket();
        return layout.coreCacheBanks().isEmpty() ? 0 : profile.perSecond(profile.cacheCePerCoreYear()) * cores;
    }

    private double busRate() {
        return profile.perSecond(profile.busCePerLinkYear()) * layout.busBanks().size()
                * kernel.machine().topology().sockets();
    }

    /** A Poisson process: after each exponential gap, run {@code event} and arm the next gap. */
    private void arm(DoubleSupplier rate, Runnable event) {
        double r = rate.getAsDouble();
        if (!running || r <= 0) {
            return;
        }
        schedule(exponential(1 / r), () -> {
            event.run();
            arm(rate, event);
        });
    }

    private void schedule(double delaySeconds, Runnable callback) {
        long deadline = due + Math.max(1, (long) (delaySeconds * 1e9));
        timers.removeIf(t -> !t.pending());
        timers.add(kernel.timers().schedule(deadline, () -> {
            due = deadline;
            if (running && !kernel.halted()) {
                callback.run();
            }
        }));
    }

    private void onset() {
        List<Dimm> healthy = dimms.dimms().stream()
                .filter(d -> faults.stream().noneMatch(f -> f.dimm() == d)).toList();
        if (!healthy.isEmpty()) {
            addFault(healthy.get(rnd.nextInt(healthy.size())));
        }
    }

    private void addFault(Dimm d) {
        FaultMode mode = FaultMode.pick(rnd.nextDouble());
        DimmFault f = DimmFault.draw(d, mode, dimms, rnd, profile.perSecond(paretoPerYear()),
                profile.perSecond(profile.uePerFaultyDimmYear()));
        faults.add(f);
        if (running) {
            arm(f::cePerSecond, () -> corrected(f, true));
            if (layout.uncorrected()) {
                arm(f::uePerSecond, () -> uncorrected(f));
            }
        }
    }

    /** Inverse CDF of the Pareto(scale, shape) distribution truncated at the cap. */
    private double paretoPerYear() {
        double a = profile.ceParetoShape();
        double xm = profile.ceScalePerYear();
        double mass = 1 - Math.pow(xm / profile.ceCapPerYear(), a);
        return xm / Math.pow(1 - rnd.nextDouble() * mass, 1 / a);
    }

    private void corrected(DimmFault f, boolean mayBurst) {
        ErrorKind kind = rnd.nextBoolean() ? ErrorKind.MEMORY_CE_READ : ErrorKind.MEMORY_CE_SCRUB;
        memoryError(f, kind);
        if (mayBurst && rnd.nextDouble() < profile.burstProbability()) {
            // geometric number of follow-ups with the configured mean, at least one
            double p = 1 / Math.max(1, profile.burstMeanErrors());
            int n = 1 + (int) Math.floor(Math.log(1 - rnd.nextDouble()) / Math.log(1 - Math.min(p, 0.999999)));
            burst(f, n);
        }
    }

    private void burst(DimmFault f, int remaining) {
        if (remaining > 0) {
            schedule(exponential(profile.burstMeanSpacingSeconds()), () -> {
                corrected(f, false);
                burst(f, remaining - 1);
            });
        }
    }

    private void uncorrected(DimmFault f) {
        memoryError(f, rnd.nextDouble() < 0.7 ? ErrorKind.MEMORY_SRAO_SCRUB : ErrorKind.MEMORY_UCNA);
    }

    private void memoryError(DimmFault f, ErrorKind kind) {
        long addr = f.nextAddress(rnd);
        Dimm d = dimms.dimmAt(addr);
        int bank = layout.memoryBanks().get(d.channel());
        long mcg = kind == ErrorKind.MEMORY_SRAO_SCRUB ? BankLayout.MCG_RIPV_MCIP : 0;
        long status = layout.memoryStatus(kind, d.channel());
        long synd = (status & BankLayout.SYNDV) != 0 ? UmcSyndrome.of(d, addr) : 0;
        raise(new HardwareError(kind, due, firstCpuOf(d.socket()), bank, status, addr, layout.memoryMisc(), synd,
                mcg, d.index()));
    }

    private void cacheError() {
        var topo = kernel.machine().topology();
        int socket = rnd.nextInt(topo.sockets());
        int llcShare = layout.llcBanks().isEmpty() ? 0 : 1;
        int pick = rnd.nextInt(layout.coreCacheBanks().size() + llcShare);
        if (pick < layout.coreCacheBanks().size()) {
            BankLayout.CacheBank cb = layout.coreCacheBanks().get(pick);
            int cpu = socket * topo.coresPerSocket() + rnd.nextInt(topo.coresPerSocket());
            raise(new HardwareError(ErrorKind.CACHE_CE, due, cpu, cb.bank(), cb.status(),
                    0, 0, 0, 0, -1));
        } else {
            int bank = layout.llcBanks().get(rnd.nextInt(layout.llcBanks().size()));
            raise(new HardwareError(ErrorKind.CACHE_CE, due, firstCpuOf(socket), bank,
                    layout.llcStatus(), 0, 0, 0, 0, -1));
        }
    }

    private void busError() {
        int socket = rnd.nextInt(kernel.machine().topology().sockets());
        int bank = layout.busBanks().get(rnd.nextInt(layout.busBanks().size()));
        raise(new HardwareError(ErrorKind.BUS_CE, due, firstCpuOf(socket), bank, BankLayout.busStatus(), 0, 0, 0, 0, -1));
    }

    private void raise(HardwareError e) {
        perKind.merge(e.kind(), 1L, Long::sum);
        if (e.dimm() >= 0) {
            perDimm[e.dimm()]++;
        }
        Regs regs = e.mcgStatus() != 0 ? Regs.interruptedKernel() : null;
        kernel.hardware().error(e.cpu(), e.bank(), e.status(), e.addr(), e.misc(), e.synd(), e.mcgStatus(), regs);
        listener.accept(e);
    }

    private int firstCpuOf(int socket) {
        for (Cpu c : kernel.machine().cpus()) {
            if (c.socket() == socket) {
                return c.number();
            }
        }
        throw new IllegalStateException("no CPU on socket " + socket);
    }

    private double exponential(double mean) {
        return -Math.log(1 - rnd.nextDouble()) * mean;
    }
}
