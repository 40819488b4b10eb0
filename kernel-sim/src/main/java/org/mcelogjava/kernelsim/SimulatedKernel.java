package org.mcelogjava.kernelsim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.mcelogjava.kernelsim.clock.KernelClock;
import org.mcelogjava.kernelsim.clock.SteppedClock;
import org.mcelogjava.kernelsim.clock.TimerQueue;
import org.mcelogjava.kernelsim.inject.DebugfsInjector;
import org.mcelogjava.kernelsim.inject.KernelInjector;
import org.mcelogjava.kernelsim.klog.KernelLog;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Vendor;
import org.mcelogjava.kernelsim.mca.AmdSeverityGrader;
import org.mcelogjava.kernelsim.mca.Cmci;
import org.mcelogjava.kernelsim.mca.CmciStorms;
import org.mcelogjava.kernelsim.mca.CorrectedErrorsCollector;
import org.mcelogjava.kernelsim.mca.PlatformErrors;
import org.mcelogjava.kernelsim.mca.CpuInterleaver;
import org.mcelogjava.kernelsim.mca.DecoderChain;
import org.mcelogjava.kernelsim.mca.DeferredWork;
import org.mcelogjava.kernelsim.mca.ExceptionTable;
import org.mcelogjava.kernelsim.mca.IntelSeverityGrader;
import org.mcelogjava.kernelsim.mca.KernelPanic;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.LegacyRecovery;
import org.mcelogjava.kernelsim.mca.McaContext;
import org.mcelogjava.kernelsim.mca.MachineCheckHandler;
import org.mcelogjava.kernelsim.mca.MachineCheckPanic;
import org.mcelogjava.kernelsim.mca.MachineCheckPoller;
import org.mcelogjava.kernelsim.mca.MceConfig;
import org.mcelogjava.kernelsim.mca.MceGenPool;
import org.mcelogjava.kernelsim.mca.MceLogger;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.mca.MceRecords;
import org.mcelogjava.kernelsim.mca.MceSysfs;
import org.mcelogjava.kernelsim.mca.McelogConsumer;
import org.mcelogjava.kernelsim.mca.Monarch;
import org.mcelogjava.kernelsim.mca.Notifiers;
import org.mcelogjava.kernelsim.mca.PerCpuMce;
import org.mcelogjava.kernelsim.mca.PollTimers;
import org.mcelogjava.kernelsim.mca.SeverityCoverage;
import org.mcelogjava.kernelsim.mca.SeverityGrader;
import org.mcelogjava.kernelsim.mca.TaskWork;
import org.mcelogjava.kernelsim.mm.MemoryFailure;
import org.mcelogjava.kernelsim.mm.MemoryFailureQueue;
import org.mcelogjava.kernelsim.mm.PhysicalMemory;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/**
 * One booted simulated kernel: the MCA subsystem of arch/x86/kernel/cpu/mce/ wired over a
 * {@link Machine}, with memory_failure, the deferred-work queues and the kernel log. Built by
 * {@link Builder}; {@code mcheck_cpu_init} runs for every CPU in the constructor.
 */
public final class SimulatedKernel {

    private final McaContext ctx;
    private final TimerQueue timers;
    private final DeferredWork deferred;
    private final DecoderChain chain;
    private final MceLogger logger;
    private final MachineCheckPanic panic;
    private final MachineCheckPoller poller;
    private final MachineCheckHandler handler;
    private final CpuInterleaver interleaver;
    private final Monarch monarch;
    private final MemoryFailure memoryFailure;
    private final MemoryFailureQueue memoryFailureQueue;
    private final Optional<CorrectedErrorsCollector> cec;
    private final KernelInjector injector;
    private final LegacyRecovery legacy;
    private final PollTimers pollTimers;
    private final SeverityCoverage coverage;
    private final CmciStorms storms;
    private final Cmci cmci;
    private final PlatformErrors hardware;
    private final DebugfsInjector debugfsInjector;
    private final MceSysfs sysfs;

    private SimulatedKernel(Builder b) {
        KernelClock clock = b.clock;
        this.timers = new TimerQueue(clock);
        KernelLog log = new KernelLog(clock, b.logCapacity);
        this.coverage = new SeverityCoverage();
        Machine machine = b.machine;
        machine.warmReset();
        SeverityGrader grader = machine.profile().vendor() == Vendor.AMD || machine.profile().vendor() == Vendor.HYGON
                ? new AmdSeverityGrader(machine.profile())
                : new IntelSeverityGrader(b.kernel, b.config, machine.profile(), b.exceptionTable, coverage);
        List<PerCpuMce> perCpu = new ArrayList<>();
        for (int i = 0; i < machine.cpuCount(); i++) {
            perCpu.add(PerCpuMce.boot(machine.cpu(i), new Task(i == 0 ? 0 : 1000 + i, "swapper/" + i)));
        }
        this.ctx = new McaContext(machine, b.kernel, b.config, clock, log, List.copyOf(perCpu), grader, b.observer);
        this.deferred = new DeferredWork();
        this.chain = new DecoderChain();
        MceGenPool pool = new MceGenPool(machine.cpuCount());
        this.logger = new MceLogger(ctx, pool, chain, deferred);
        this.panic = new MachineCheckPanic(ctx, pool, b.apeiWrite);
        PhysicalMemory memory = new PhysicalMemory(b.memoryBytes);
        this.memoryFailure = new MemoryFailure(memory, log, msg -> panic.panic(msg));
        this.memoryFailureQueue = memoryFailureQueue(machine.cpuCount(), memoryFailure, log, deferred);
        MceRecords records = new MceRecords(ctx);
        this.legacy = new LegacyRecovery(ctx, records, memoryFailure, deferred, logger);
        this.poller = new MachineCheckPoller(ctx, records, logger, legacy);
        this.interleaver = new CpuInterleaver(dt -> {
            if (clock instanceof SteppedClock stepped) {
                stepped.advance(dt);
            }
        }, b.threadFactory);
        this.monarch = new Monarch(ctx, interleaver, panic);
        TaskWork taskWork = new TaskWork(ctx, records, memoryFailure, panic);
        this.handler = new MachineCheckHandler(ctx, records, logger, monarch, panic, taskWork, legacy, memory);
        this.cec = b.cec ? Optional.of(new CorrectedErrorsCollector(ctx, records, timers, memoryFailureQueue, memory))
                : Optional.empty();
        cec.ifPresent(c -> chain.register(c.notifier()));
        chain.register(Notifiers.early(logger));
        if (b.kernel != KernelProfile.V4_0) {
            chain.register(Notifiers.ucDecode(ctx, records, memoryFailure));
        }
        chain.register(Notifiers.mcelog(ctx, b.mcelog));
        chain.register(Notifiers.defaultPrinter(ctx));
        this.pollTimers = new PollTimers(ctx, timers, poller, logger, deferred);
        this.storms = new CmciStorms(ctx, pollTimers);
        poller.stormTracker(storms::track);
        this.cmci = new Cmci(ctx, poller, pollTimers, storms, logger);
        this.injector = new KernelInjector(ctx, poller, handler, interleaver, panic);
        this.hardware = new PlatformErrors(ctx, handler, cmci, interleaver, deferred);
        this.debugfsInjector = new DebugfsInjector(ctx, records, logger, poller, hardware);
        this.sysfs = new MceSysfs(ctx, pollTimers, cmci);
        for (int i = 0; i < machine.cpuCount(); i++) {
            poller.prepareBanks(i, ctx.bootlog());
        }
        cmci.initAll();
        logger.lateInit();
        if (b.startTimers) {
            pollTimers.startAll();
        }
    }

    public McaContext context() { return ctx; }
    public Machine machine() { return ctx.machine(); }
    public KernelLog log() { return ctx.log(); }
    public TimerQueue timers() { return timers; }
    public DeferredWork deferredWork() { return deferred; }
    public DecoderChain decoderChain() { return chain; }
    public MceLogger logger() { return logger; }
    public MachineCheckPanic panicState() { return panic; }
    public MachineCheckPoller poller() { return poller; }
    public MachineCheckHandler handler() { return handler; }
    public CpuInterleaver interleaver() { return interleaver; }
    public MemoryFailure memoryFailure() { return memoryFailure; }
    /** {@code memory_failure_queue}: per-CPU kfifos drained by work items. */
    public MemoryFailureQueue memoryFailureQueue() { return memoryFailureQueue; }
    /** The Correctable Errors Collector, when the kernel has one ({@link Builder#cec}). */
    public Optional<CorrectedErrorsCollector> cec() { return cec; }
    public KernelInjector injector() { return injector; }
    public LegacyRecovery legacyRecovery() { return legacy; }
    public PollTimers pollTimers() { return pollTimers; }
    public SeverityCoverage severityCoverage() { return coverage; }
    public CmciStorms storms() { return storms; }
    public Cmci cmci() { return cmci; }
    /** The platform side: errors appearing in banks, CMCI and #MC delivery. */
    public PlatformErrors hardware() { return hardware; }
    /** The machinecheck sysfs knobs that act on running timers and CMCI. */
    public MceSysfs sysfs() { return sysfs; }
    /** {@code /sys/kernel/debug/mce-inject/}. */
    public DebugfsInjector debugfsInjector() { return debugfsInjector; }

    /**
     * Moves virtual time to {@code nanos} (stepped clock only), firing the timers due on the way
     * and then running the deferred work; a panic halts the machine and ends the run.
     */
    public void advanceTo(long nanos) {
        if (halted()) {
            return;
        }
        try {
            timers.advanceTo(nanos);
            deferred.drain();
        } catch (KernelPanic p) {
            // halted; the panic lines are in the log
        }
    }

    /**
     * Real-time clocks ({@link org.mcelogjava.kernelsim.clock.ScaledClock}): runs the timers whose
     * time has come, then the deferred work. A driver calls this in a loop.
     */
    public void runDueTimers() {
        if (halted()) {
            return;
        }
        try {
            timers.runDue();
            deferred.drain();
        } catch (KernelPanic p) {
            // halted
        }
    }

    /**
     * CPU hotplug, the MCE callbacks in order. Down: {@code mce_cpu_pre_down} (the poll timer
     * deleted, CMCI banks given up), the CPU leaves {@code cpu_online_mask}, {@code mce_cpu_dead}
     * ({@code cmci_rediscover}: the others claim its banks). Up: the CPU joins the mask, then
     * {@code mce_cpu_online} (CMCI discovery, the poll timer started).
     *
     * @return false if the CPU already was in that state (nothing done)
     */
    public boolean setCpuOnline(int cpu, boolean up) {
        if (machine().isOnline(cpu) == up) {
            return false;
        }
        if (up) {
            machine().setOnline(cpu, true);
            cmci.discover(cpu);
            pollTimers.start(cpu);
        } else {
            pollTimers.stop(cpu);
            cmci.clear(cpu);
            machine().setOnline(cpu, false);
            cmci.rediscover(cpu);
        }
        return true;
    }

    /**
     * The store of debugfs {@code mce/fake_panic}: {@code mce_reset()} (the rendezvous counters
     * and missing mask, and the fake-panic count, so the next fake panic prints again), then the
     * value.
     */
    public void setFakePanic(boolean on) {
        monarch.reset();
        panic.resetFakePanicked();
        ctx.config().fakePanic(on);
    }

    /** One work item per CPU ({@code memory_failure_cpu.work}) on the system workqueue. */
    private static MemoryFailureQueue memoryFailureQueue(int cpus, MemoryFailure mf, KernelLog log,
                                                         DeferredWork deferred) {
        DeferredWork.Item[] items = new DeferredWork.Item[cpus];
        MemoryFailureQueue q = new MemoryFailureQueue(cpus, mf, log, cpu -> deferred.scheduleWork(items[cpu]));
        for (int i = 0; i < cpus; i++) {
            int cpu = i;
            items[i] = new DeferredWork.Item("memory_failure_work_func/" + cpu, () -> q.work(cpu));
        }
        return q;
    }

    /** {@link #advanceTo} relative to now. */
    public void advanceBy(long nanos) {
        advanceTo(ctx.clock().nanoTime() + nanos);
    }

    /** True once the machine has really panicked. */
    public boolean halted() {
        return panic.halted();
    }

    /**
     * Runs deferred work (irq_work, then workqueue) until none is left; a panic inside it halts
     * the machine and ends the run.
     */
    public void runDeferredWork() {
        if (halted()) {
            return;
        }
        try {
            deferred.drain();
        } catch (KernelPanic p) {
            // the machine is halted; the panic is already in the log
        }
    }

    /**
     * Builds and boots a kernel. A builder can boot again over the same {@link Machine}: that is a
     * warm reboot, the banks keep what they held and the new kernel logs those leftovers at boot.
     */
    public static final class Builder {
        private final Machine machine;
        private KernelProfile kernel = KernelProfile.V6_12;
        private MceConfig config = new MceConfig();
        private KernelClock clock = new SteppedClock(1_700_000_000L);
        private MceObserver observer = MceObserver.NONE;
        private McelogConsumer mcelog = m -> { };
        private Consumer<Mce> apeiWrite = m -> { };
        private ExceptionTable exceptionTable = ExceptionTable.NONE;
        private long memoryBytes = 16L << 30;
        private int logCapacity = 4096;
        private boolean startTimers = true;
        private boolean cec;
        private ThreadFactory threadFactory = CpuInterleaver.daemonThreads();

        public Builder(Machine machine) {
            this.machine = machine;
        }

        public Builder kernel(KernelProfile k) { kernel = k; return this; }
        public Builder config(MceConfig c) { config = c; return this; }
        public Builder clock(KernelClock c) { clock = c; return this; }
        public Builder observer(MceObserver o) { observer = o; return this; }
        /** Where the MCELOG notifier delivers records (the /dev/mcelog device). */
        public Builder mcelog(McelogConsumer c) { mcelog = c; return this; }
        public Builder exceptionTable(ExceptionTable t) { exceptionTable = t; return this; }
        /** Where mce_panic persists the records it prints ({@code apei_write_mce}, APEI ERST). */
        public Builder apeiWrite(Consumer<Mce> w) {
            apeiWrite = w;
            return this;
        }
        public Builder memoryBytes(long bytes) { memoryBytes = bytes; return this; }
        public Builder logCapacity(int lines) { logCapacity = lines; return this; }
        /** Threads for CPUs inside the #MC handler (see {@link CpuInterleaver}). */
        public Builder threadFactory(ThreadFactory f) { threadFactory = f; return this; }
        /** Whether the per-CPU poll timers are armed at boot (default true). */
        public Builder startTimers(boolean start) { startTimers = start; return this; }

        /**
         * Whether the kernel has the Correctable Errors Collector ({@code CONFIG_RAS_CEC=y} and no
         * {@code ras=cec_disable}); default false, so /dev/mcelog sees every corrected error. The
         * CEC came with Linux 4.13: the 4.0 profile has none.
         */
        public Builder cec(boolean on) { cec = on; return this; }

        public SimulatedKernel boot() {
            if (cec && kernel == KernelProfile.V4_0) {
                throw new IllegalArgumentException("kernel profile 4.0 has no CEC (drivers/ras/cec.c came with 4.13)");
            }
            return new SimulatedKernel(this);
        }
    }
}
