package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.kernelsim.machine.Vendor;
import org.mcelogjava.kernelsim.mm.MemoryFailure;
import org.mcelogjava.protocol.mce.Mce;

/** The decoder-chain members core.c registers itself, plus the MCELOG seam for the device. */
public final class Notifiers {

    private Notifiers() {
    }

    /** {@code early_nb} (MCE_PRIO_EARLY): tracepoint and trigger / mce_notify_irq. */
    public static MceNotifier early(MceLogger logger) {
        return new MceNotifier() {
            @Override
            public int priority() {
                return PRIO_EARLY;
            }

            @Override
            public Mce notify(Mce m) {
                logger.earlyNotify();
                return m;
            }
        };
    }

    /**
     * {@code uc_decode_notifier} (MCE_PRIO_UC): an AO or UCNA/deferred record with a usable address
     * goes to {@code memory_failure(pfn, 0)}; on success the record gets MCE_HANDLED_UC.
     */
    public static MceNotifier ucDecode(McaContext ctx, MceRecords records, MemoryFailure mf) {
        return new MceNotifier() {
            @Override
            public int priority() {
                return PRIO_UC;
            }

            @Override
            public Mce notify(Mce m) {
                if (!records.usableAddress(m)) {
                    return m;
                }
                if (m.severity() != Severity.AO.value() && m.severity() != Severity.UCNA.value()) {
                    return m;
                }
                long pfn = (m.addr() & 0x000f_ffff_ffff_ffffL) >>> 12;
                int cpu = (int) m.extcpu();
                int ret = mf.memoryFailure(pfn, 0, null);
                ctx.observer().memoryFailure(cpu, pfn, 0, "uc_decode_notifier", ret);
                return ret == 0 ? m.toBuilder().kflags(m.kflags() | KFlags.HANDLED_UC).build() : m;
            }
        };
    }

    /**
     * The MCELOG member (MCE_PRIO_MCELOG): hands each record not eaten by CEC to the consumer (the
     * /dev/mcelog device) and, on non-AMD CPUs, marks it MCE_HANDLED_MCELOG.
     */
    public static MceNotifier mcelog(McaContext ctx, McelogConsumer consumer) {
        return new MceNotifier() {
            @Override
            public int priority() {
                return PRIO_MCELOG;
            }

            @Override
            public Mce notify(Mce m) {
                if ((m.kflags() & KFlags.HANDLED_CEC) != 0) {
                    return m;
                }
                consumer.accept(m);
                return ctx.machine().profile().vendor() == Vendor.AMD ? m
                        : m.toBuilder().kflags(m.kflags() | KFlags.HANDLED_MCELOG).build();
            }
        };
    }

    /** {@code mce_default_nb} (MCE_PRIO_LOWEST): print records nobody else handled (or all with print_all). */
    public static MceNotifier defaultPrinter(McaContext ctx) {
        return new MceNotifier() {
            @Override
            public int priority() {
                return PRIO_LOWEST;
            }

            @Override
            public Mce notify(Mce m) {
                if (ctx.config().printAll() || m.kflags() == 0) {
                    MceConsole.print(ctx.log(), m, ctx.machine().profile().smca());
                    if (ctx.intelLike()) {
                        ctx.log().emerg(MceConsole.HW_ERR + "Run the above through 'mcelog --ascii'");
                    }
                }
                return m;
            }
        };
    }
}
