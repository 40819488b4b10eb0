package org.mcelogjava.kernelsim.service;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.dev.ErrnoException;
import org.mcelogjava.kernelsim.dev.TriggerHelper;
import org.mcelogjava.kernelsim.inject.DebugfsInjector;
import org.mcelogjava.kernelsim.mca.CorrectedErrorsCollector;
import org.mcelogjava.kernelsim.mca.MceConfig;
import org.mcelogjava.kernelsim.mca.SeverityRule;
import org.mcelogjava.kernelsim.mm.PhysicalMemory;
import org.mcelogjava.kernelsim.sysfs.Attribute;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.device.DevicePaths;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.mce.Mce;

/**
 * The attribute namespace of protocol/PROTOCOL.md §9 backed by one running kernel: the
 * machinecheck device attributes of core.c and dev-mcelog.c ({@code mce_device_create}), the
 * memory offline files of drivers/base/memory.c, CPU hotplug's {@code online}, the debugfs files of
 * inject.c and core.c, and {@code /dev/kmsg}.
 *
 * <p>Every show and store that touches the kernel runs on the {@link EngineThread}; the caller (a
 * server thread) waits for it as a process waits in its system call. CPU hotplug keeps the set of
 * online CPUs here: an offline CPU's {@code machinecheckN} disappears, its CMCI banks go to the
 * CPUs still online ({@code cmci_clear}, {@code cmci_rediscover}), and the device refuses writes
 * for it.
 */
public final class KernelAttributes {

    static final String MACHINECHECK = "/sys/devices/system/machinecheck/machinecheck";
    static final String CPU = "/sys/devices/system/cpu/cpu";
    static final String MEMORY = "/sys/devices/system/memory/";
    static final String INJECT = "/sys/kernel/debug/mce-inject/";
    static final String DEBUG_MCE = "/sys/kernel/debug/mce/";
    static final String DEBUG_CEC = "/sys/kernel/debug/ras/cec/";
    /** Where the kernel log is read (not a sysfs file; documented in PROTOCOL.md §9). */
    public static final String KMSG = "/dev/kmsg";

    private static final String INJECT_README = """
            Description of the files and their usages:

            Note1: i refers to the bank number below.
            Note2: See respective BKDGs for the exact bit definitions of the files below
            as they mirror the hardware registers.

            status:\t Set MCi_STATUS: the bits in that MSR control the error type and
            \t attributes of the error which caused the MCE.

            misc:\t Set MCi_MISC: provide auxiliary info about the error. It is mostly
            \t used for error thresholding purposes and its validity is indicated by
            \t MCi_STATUS[MiscV].

            synd:\t Set MCi_SYND: provide syndrome info about the error. Only valid on
            \t Scalable MCA systems, and its validity is indicated by MCi_STATUS[SyndV].

            addr:\t Error address value to be written to MCi_ADDR. Log address information
            \t associated with the error.

            cpu:\t The CPU to inject the error on.

            bank:\t Specify the bank you want to inject the error into: the number of
            \t banks in a processor varies and is family/model-specific, therefore, the
            \t supplied value is sanity-checked. Setting the bank value also triggers the
            \t injection.

            flags:\t Injection type to be performed. Writing to this file will trigger a
            \t real machine check, an APIC interrupt or invoke the error decoder routines
            \t for AMD processors.

            \t Allowed error injection types:
            \t  - "sw": Software error injection. Decode error to a human-readable
            \t    format only. Safe to use.
            \t  - "hw": Hardware error injection. Causes the #MC exception handler to
            \t    handle the error. Be warned: might cause system panic if MCi_STATUS[PCC]
            \t    is set. Therefore, consider setting (debugfs_mountpoint)/mce/fake_panic
            \t    before injecting.
            \t  - "df": Trigger APIC interrupt for Deferred error. Causes deferred
            \t    error APIC interrupt handler to handle the error if the feature is
            \t    is present in hardware.
            \t  - "th": Trigger APIC interrupt for Threshold errors. Causes threshold
            \t    APIC interrupt handler to handle the error.

            ipid:\t IPID (AMD-specific)

            """;

    private final SimulatedKernel kernel;
    private final EngineThread engine;
    private final TriggerHelper trigger;
    private final SysfsTree tree;
    private final Kmsg kmsg;
    private final MachineAttributes machine;
    private final String bootId = UUID.randomUUID().toString();

    public KernelAttributes(SimulatedKernel kernel, EngineThread engine, TriggerHelper trigger, SysfsTree tree) {
        this.kernel = kernel;
        this.engine = engine;
        this.trigger = trigger;
        this.tree = tree;
        this.kmsg = new Kmsg(kernel.log(), 4096);
        this.machine = new MachineAttributes(kernel, engine, tree);
    }

    /** Registers every file; call once, before the server starts. */
    public void registerAll() {
        for (int cpu = 0; cpu < kernel.machine().cpuCount(); cpu++) {
            registerMachinecheck(cpu);
            if (cpu > 0) {
                int n = cpu;
                tree.register(CPU + cpu + "/online", Attribute.readWrite(
                        Attribute.Show.text(() -> (isOnline(n) ? "1" : "0") + "\n"),
                        (v, cap) -> {
                            setOnline(n, Kstrto.bool(v));
                            return v.length;
                        }));
            }
        }
        tree.register(MEMORY + "soft_offline_page", new Attribute(0200, null, (v, cap) -> {
            requireCap(cap);
            long pfn = Kstrto.u64(v) >>> PhysicalMemory.PAGE_SHIFT;
            check(engine.syscall(() -> kernel.memoryFailure().softOfflinePage(pfn)));
            return v.length;
        }));
        tree.register(MEMORY + "hard_offline_page", new Attribute(0200, null, (v, cap) -> {
            requireCap(cap);
            long addr = Kstrto.u64(v);
            check(engine.syscall(() -> kernel.memoryFailure().hardOfflinePage(addr, null)));
            return v.length;
        }));
        registerInject();
        kernel.cec().ifPresent(this::registerCec);
        MceConfig config = kernel.context().config();
        tree.register(DEBUG_MCE + "fake_panic", new Attribute(0444,
                Attribute.Show.text(() -> (engine.syscall(config::fakePanic) ? 1 : 0) + "\n"),
                (v, cap) -> {
                    boolean on = Kstrto.u64(v) != 0;
                    engine.syscall(() -> {
                        kernel.setFakePanic(on);
                        return null;
                    });
                    return v.length;
                }));
        tree.register(DEBUG_MCE + "severities-coverage", new Attribute(0444,
                Attribute.Show.text(this::coverage),
                (v, cap) -> {
                    engine.syscall(() -> {
                        kernel.severityCoverage().clear();
                        return null;
                    });
                    return v.length;
                }));
        tree.register(KMSG, new Attribute(0644, kmsg::show, null));
        machine.registerAll();
        tree.register(DevicePaths.BOOT_ID, new Attribute(0444, Attribute.Show.text(() -> bootId + "\n"), null));
    }

    /** Whether {@code cpu} is online (the device's check for a legacy write): the engine's cpu_online_mask. */
    public boolean isOnline(int cpu) {
        return kernel.machine().isOnline(cpu);
    }

    /** CPU hotplug: bring {@code cpu} (not 0) up or down; its machinecheckN files follow. */
    void setOnline(int cpu, boolean up) throws ErrnoException {
        if (!engine.syscall(() -> kernel.setCpuOnline(cpu, up))) {
            return;
        }
        if (up) {
            registerMachinecheck(cpu);
            machine.cpuUp(cpu);
        } else {
            tree.unregister(MACHINECHECK + cpu);
            machine.cpuDown(cpu);
        }
    }

    /** {@code /sys/devices/system/machinecheck/machinecheckN/}: the global knobs seen from CPU N. */
    private void registerMachinecheck(int cpu) {
        String dir = MACHINECHECK + cpu + "/";
        MceConfig config = kernel.context().config();
        tree.register(dir + "check_interval", Attribute.readWrite(
                Attribute.Show.text(() -> engine.syscall(config::checkIntervalSec) + "\n"),
                (v, cap) -> {
                    long s = Kstrto.u64(v);
                    if (s < 0 || s > Integer.MAX_VALUE) {
                        throw new ErrnoException(Errno.EINVAL, "check_interval " + Long.toUnsignedString(s));
                    }
                    engine.syscall(() -> {
                        if (config.checkIntervalSec() != s) {
                            kernel.sysfs().checkInterval((int) s);
                        }
                        return null;
                    });
                    return v.length;
                }));
        tree.register(dir + "trigger", Attribute.readWrite(Attribute.Show.text(trigger::show),
                (v, cap) -> trigger.store(new String(v, StandardCharsets.UTF_8))));
        tree.register(dir + "monarch_timeout", Attribute.readWrite(
                Attribute.Show.text(() -> engine.syscall(() -> kernel.context().monarchTimeoutUs()) + "\n"),
                (v, cap) -> {
                    long us = Kstrto.s64(v);
                    if (us < 0 || us > Integer.MAX_VALUE) {
                        throw new ErrnoException(Errno.EINVAL, "monarch_timeout " + us);
                    }
                    runOnEngine(() -> kernel.sysfs().monarchTimeout(us));
                    return v.length;
                }));
        tree.register(dir + "dont_log_ce", bool(config::dontLogCe, config::dontLogCe));
        tree.register(dir + "print_all", bool(config::printAll, config::printAll));
        tree.register(dir + "ignore_ce", Attribute.readWrite(
                Attribute.Show.text(() -> (engine.syscall(config::ignoreCe) ? 1 : 0) + "\n"),
                (v, cap) -> {
                    boolean on = Kstrto.u64(v) != 0;
                    runOnEngine(() -> kernel.sysfs().ignoreCe(on));
                    return v.length;
                }));
        tree.register(dir + "cmci_disabled", Attribute.readWrite(
                Attribute.Show.text(() -> (engine.syscall(config::cmciDisabled) ? 1 : 0) + "\n"),
                (v, cap) -> {
                    boolean on = Kstrto.u64(v) != 0;
                    runOnEngine(() -> kernel.sysfs().cmciDisabled(on));
                    return v.length;
                }));
        if (kernel.context().kernel().hasTolerant()) {
            tree.register(dir + "tolerant", Attribute.readWrite(
                    Attribute.Show.text(() -> engine.syscall(config::tolerant) + "\n"),
                    (v, cap) -> {
                        long t = Kstrto.s64(v);
                        if (t < 0 || t > 3) {
                            throw new ErrnoException(Errno.EINVAL, "tolerant " + t);
                        }
                        engine.syscall(() -> config.tolerant((int) t));
                        return v.length;
                    }));
        }
        for (int bank = 0; bank < kernel.machine().cpu(cpu).bankCount(); bank++) {
            int b = bank;
            tree.register(dir + "bank" + bank, Attribute.readWrite(
                    Attribute.Show.text(() -> Long.toHexString(engine.syscall(() -> kernel.context().cpu(0).bankCtl(b)))
                            + "\n"),
                    (v, cap) -> {
                        long ctl = Kstrto.u64(v);
                        if (!engine.syscall(() -> kernel.sysfs().bank(cpu, b, ctl))) {
                            throw new ErrnoException(Errno.ENODEV, "bank" + b + " is not implemented on CPU " + cpu);
                        }
                        return v.length;
                    }));
        }
    }

    /** A boolean knob ({@code device_show_bool} / {@code device_store_bool}). */
    private Attribute bool(Callable<Boolean> get, Consumer<Boolean> set) {
        return Attribute.readWrite(
                Attribute.Show.text(() -> (engine.syscall(get) ? 1 : 0) + "\n"),
                (v, cap) -> {
                    boolean on = Kstrto.bool(v);
                    engine.syscall(() -> {
                        set.accept(on);
                        return null;
                    });
                    return v.length;
                });
    }

    /** {@code /sys/kernel/debug/mce-inject/}: inject.c's debugfs files, mode 0600 (README 0444). */
    private void registerInject() {
        DebugfsInjector inj = kernel.debugfsInjector();
        hex("status", m -> m.status(), inj::status);
        hex("misc", m -> m.misc(), inj::misc);
        hex("addr", m -> m.addr(), inj::addr);
        hex("synd", m -> m.synd(), inj::synd);
        hex("ipid", m -> m.ipid(), inj::ipid);
        tree.register(INJECT + "cpu", new Attribute(0600,
                Attribute.Show.text(() -> engine.syscall(inj::targetCpu) + "\n"),
                (v, cap) -> {
                    long cpu = Kstrto.u64(v);
                    check(engine.syscall(() -> inj.cpu(cpu))); // EINVAL unless an online CPU
                    return v.length;
                }));
        tree.register(INJECT + "flags", new Attribute(0600,
                Attribute.Show.text(() -> engine.syscall(() -> inj.type().flag()) + "\n"),
                (v, cap) -> {
                    String text = new String(v, StandardCharsets.ISO_8859_1);
                    if (text.isEmpty() || text.length() > 4) {
                        throw new ErrnoException(Errno.EINVAL, "flags takes 1-4 bytes");
                    }
                    // flags_write drops the last byte (taken to be the newline), then strips blanks
                    String kept = text.substring(0, text.length() - 1);
                    check(engine.syscall(() -> inj.flags(kept)));
                    return v.length;
                }));
        tree.register(INJECT + "bank", new Attribute(0600,
                Attribute.Show.text(() -> engine.syscall(() -> inj.staged().bank()) + "\n"),
                (v, cap) -> {
                    long bank = Kstrto.u64(v);
                    if (bank < 0 || bank > Integer.MAX_VALUE) {
                        throw new ErrnoException(Errno.EINVAL, "bank " + Long.toUnsignedString(bank));
                    }
                    check(engine.syscall(() -> inj.bank(bank)));
                    return v.length;
                }));
        tree.register(INJECT + "README", new Attribute(0444, Attribute.Show.text(() -> INJECT_README), null));
    }

    /**
     * {@code /sys/kernel/debug/ras/cec/} (drivers/ras/cec.c built with CONFIG_RAS_CEC_DEBUG):
     * decay_interval and action_threshold (0600), pfn (0600; a write counts one error there) and
     * array (0400).
     */
    private void registerCec(CorrectedErrorsCollector cec) {
        tree.register(DEBUG_CEC + "decay_interval", new Attribute(0600,
                Attribute.Show.text(() -> engine.syscall(cec::decayInterval) + "\n"),
                (v, cap) -> {
                    long s = Kstrto.u64(v);
                    if (!engine.syscall(() -> cec.decayInterval(s))) {
                        throw new ErrnoException(Errno.EINVAL, "decay_interval must be 3600..2592000 s");
                    }
                    return v.length;
                }));
        tree.register(DEBUG_CEC + "action_threshold", new Attribute(0600,
                Attribute.Show.text(() -> engine.syscall(cec::actionThreshold) + "\n"),
                (v, cap) -> {
                    long t = Kstrto.u64(v);
                    runOnEngine(() -> cec.actionThreshold(t));
                    return v.length;
                }));
        tree.register(DEBUG_CEC + "pfn", new Attribute(0600,
                Attribute.Show.text(() -> "0x" + Long.toHexString(engine.syscall(() -> cec.debugfsPfn())) + "\n"),
                (v, cap) -> {
                    long pfn = Kstrto.u64(v);
                    runOnEngine(() -> cec.debugfsPfn(pfn, 0));
                    return v.length;
                }));
        tree.register(DEBUG_CEC + "array", new Attribute(0400, Attribute.Show.text(() -> engine.syscall(cec::show)), null));
    }

    private void hex(String name, ToLongFunction<Mce> get, LongConsumer set) {
        DebugfsInjector inj = kernel.debugfsInjector();
        tree.register(INJECT + name, new Attribute(0600,
                Attribute.Show.text(() -> Long.toHexString(engine.syscall(() -> get.applyAsLong(inj.staged()))) + "\n"),
                (v, cap) -> {
                    long value = Kstrto.u64(v);
                    engine.syscall(() -> {
                        set.accept(value);
                        return null;
                    });
                    return v.length;
                }));
    }

    private String coverage() throws ErrnoException {
        return engine.syscall(() -> {
            StringBuilder out = new StringBuilder();
            List<SeverityRule> table = kernel.context().kernel().intelSeverityTable();
            for (int row = 0; row < table.size(); row++) {
                out.append(kernel.severityCoverage().covered(row) ? 1 : 0).append('\t')
                        .append(table.get(row).message()).append('\n');
            }
            return out.toString();
        });
    }

    private static void requireCap(boolean cap) throws ErrnoException {
        if (!cap) {
            throw new ErrnoException(Errno.EPERM, "needs CAP_SYS_ADMIN");
        }
    }

    /** A kernel return value: negative is an errno. */
    private static void check(int ret) throws ErrnoException {
        if (ret < 0) {
            throw new ErrnoException(Errno.fromNumber(-ret).orElse(Errno.EIO), "kernel returned " + ret);
        }
    }

    private void runOnEngine(Runnable task) throws ErrnoException {
        engine.syscall(() -> {
            task.run();
            return null;
        });
    }
}
