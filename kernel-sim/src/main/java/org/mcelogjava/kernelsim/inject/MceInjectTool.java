package org.mcelogjava.kernelsim.inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.mcelogjava.kernelsim.mm.Task;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The user-space mce-inject tool (mce-inject.c) driving a simulated kernel: validates each
 * record (through the parser, against the machine's {@link InjectLimits}), parks HOLD records per CPU, and on a trigger builds the per-CPU writes — the trigger
 * (RANDOM context becomes PROCESS), the parked records, and unless NOBROADCAST a dummy record
 * for every other CPU. RANDOM-context writes go first from the main thread (the kernel only arms
 * them); if there were any, the trigger gets MCJ_NMI_BROADCAST (MCJ_IRQ_BROADCAST with
 * IRQBROADCAST). Then each PROCESS/IRQ record is written by a thread pinned to its CPU, the
 * threads released together by a spin barrier: {@link RecordWriter#writeTogether} (in CPU order).
 */
public final class MceInjectTool {

    /** The tool's pid; each pinned writer thread has tid = pid + cpu. */
    public static final int PID = 4242;

    private static final long UC = 1L << 61;
    private static final long MCIP = 4;
    private static final long RIPV = 1;

    private final RecordWriter device;
    private final int onlineCpus;
    private final InjectLimits limits;
    private final boolean noRandom;
    private final Mce[] parked;
    private final Map<Integer, Task> writers = new HashMap<>();
    private int submitted;

    /**
     * @param onlineCpus CPUs listed in /proc/cpuinfo (0..n-1)
     * @param maxBank    the largest {@code bankN} in sysfs
     * @param noRandom   {@code --no-random}
     */
    public MceInjectTool(KernelInjector kernel, int onlineCpus, int maxBank, boolean noRandom) {
        this(new RecordWriter() {
            @Override
            public void write(Mce m, Task writer) {
                kernel.write(m, writer);
            }

            @Override
            public void writeTogether(List<Mce> records, IntFunction<Task> writers) {
                kernel.writeTogether(records, writers);
            }
        }, onlineCpus, maxBank, noRandom);
    }

    /**
     * The tool writing through {@code device} (a running simulator's {@code /dev/mcelog}).
     *
     * @param onlineCpus CPUs listed in /proc/cpuinfo (0..n-1)
     * @param maxBank    the largest {@code bankN} in sysfs
     * @param noRandom   {@code --no-random}
     */
    public MceInjectTool(RecordWriter device, int onlineCpus, int maxBank, boolean noRandom) {
        this.device = device;
        this.onlineCpus = onlineCpus;
        this.limits = InjectLimits.machine(onlineCpus, maxBank);
        this.noRandom = noRandom;
        this.parked = new Mce[onlineCpus];
    }

    /** Records the parser reduced (including HOLD records and the one a later error follows). */
    public int submittedRecords() {
        return submitted;
    }

    /** The task of the writer thread pinned to {@code cpu}. */
    public Task writer(int cpu) {
        return writers.computeIfAbsent(cpu, c -> new Task(PID + c, "mce-inject"));
    }

    /**
     * Parses and injects {@code sources} as one stream.
     *
     * @throws InjectSyntaxException on the first lexical, syntax or validation error; records
     *                               reduced before it have been injected
     */
    public void run(List<InjectSource> sources) throws InjectSyntaxException {
        new InjectParser(new InjectLexer(sources), limits).parse(this::submit);
    }

    /**
     * {@code submit_mce()} → {@code inject_mce()}. Its checks (CPU online, bank present) were made
     * by the parser at the CPU and BANK terms, against this tool's {@link InjectLimits}.
     */
    private void submit(InjectRecord r) {
        submitted++;
        Mce m = r.mce();
        int flags = r.flags();
        if ((flags & InjectRecord.RAISE_MODE) == 0) {
            int f = (m.status() & UC) != 0 ? m.injectFlags() | InjectFlags.EXCEPTION
                    : m.injectFlags() & ~InjectFlags.EXCEPTION;
            m = m.toBuilder().injectFlags(f).build();
        }
        if ((flags & InjectRecord.HOLD) != 0) {
            parked[(int) m.extcpu()] = m;
            return;
        }
        if ((m.injectFlags() & InjectFlags.EXCEPTION) == 0) {
            flags = (flags | InjectRecord.NOBROADCAST) & ~(InjectRecord.IRQBROADCAST | InjectRecord.NMIBROADCAST);
        }
        doInject(m, flags);
        Arrays.fill(parked, null);
    }

    /** {@code do_inject_mce()}. */
    private void doInject(Mce trigger, int flags) {
        long dummyMcg = (trigger.mcgstatus() & MCIP) | ((trigger.status() & UC) != 0 ? RIPV : 0);
        Mce dummy = Mce.builder().mcgstatus(dummyMcg).status(trigger.status() & UC)
                .injectFlags(InjectFlags.EXCEPTION).build();
        int triggerCpu = (int) trigger.extcpu();
        List<Mce> threaded = new ArrayList<>();
        boolean hasRandom = false;
        Mce main = trigger;
        for (int cpu = 0; cpu < onlineCpus; cpu++) {
            Mce rec;
            if (cpu == triggerCpu) {
                rec = withContextIfRandom(trigger, InjectFlags.CTX_PROCESS);
                main = rec;
            } else if (parked[cpu] != null) {
                rec = parked[cpu];
            } else if ((flags & InjectRecord.NOBROADCAST) != 0) {
                continue;
            } else {
                rec = dummy.toBuilder().cpu(cpu & 0xff).extcpu(cpu).build();
            }
            if (noRandom && InjectFlags.context(rec.injectFlags()) == InjectFlags.CTX_RANDOM) {
                rec = withContextIfRandom(rec, InjectFlags.CTX_PROCESS);
            } else if (InjectFlags.context(rec.injectFlags()) == InjectFlags.CTX_RANDOM) {
                device.write(rec, writer(triggerCpu));
                hasRandom = true;
                continue;
            }
            threaded.add(rec);
        }
        if (hasRandom) {
            int bcast = (flags & InjectRecord.IRQBROADCAST) != 0 ? InjectFlags.IRQ_BROADCAST
                    : InjectFlags.NMI_BROADCAST;
            Mce unflagged = main;
            Mce flagged = main.toBuilder().injectFlags(main.injectFlags() | bcast).build();
            threaded.replaceAll(x -> x == unflagged ? flagged : x);
        }
        device.writeTogether(threaded, this::writer);
    }

    private static Mce withContextIfRandom(Mce m, int ctx) {
        if (InjectFlags.context(m.injectFlags()) != InjectFlags.CTX_RANDOM) {
            return m;
        }
        return m.toBuilder().injectFlags((m.injectFlags() & ~InjectFlags.CTX_MASK) | ctx).build();
    }
}
