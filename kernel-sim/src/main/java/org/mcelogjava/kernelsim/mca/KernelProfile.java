package org.mcelogjava.kernelsim.mca;

import java.util.List;

/**
 * Which kernel generation the engine behaves like. One engine, with the policies that differ
 * between generations selected here rather than duplicated.
 */
public enum KernelProfile {
    /** The seed's era (3.18–4.0): old severity table, tolerant levels, old CMCI storm code, working poll-interval halving. */
    V4_0("4.0"),
    /** Linux 6.12 (default): mainline table, per-bank storms, timeouts always panic, the 4.12–6.17 poll-interval quirk. */
    V6_12("6.12"),
    /** Mainline after upstream ea324444 (2026): as 6.12 but the poll interval halves when records were queued. */
    V6_18("6.18");

    private final String label;

    KernelProfile(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static KernelProfile byLabel(String label) {
        for (KernelProfile p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown kernel profile '" + label + "' (known: 4.0, 6.12, 6.18)");
    }

    public List<SeverityRule> intelSeverityTable() {
        return this == V4_0 ? IntelSeverityTable.linux4x() : IntelSeverityTable.linux612();
    }

    /** ≤5.17 kernels had {@code mca_cfg.tolerant}. */
    public boolean hasTolerant() {
        return this == V4_0;
    }

    /** Per-bank storm tracking in machine_check_poll (≥6.8) instead of the per-CPU CMCI storm counter. */
    public boolean perBankStorms() {
        return this != V4_0;
    }

    /** LMCE support (≥4.10). */
    public boolean supportsLmce() {
        return this != V4_0;
    }

    /** mce_no_way_out stops at the first fatal bank (mainline) rather than scanning every bank. */
    public boolean noWayOutStopsAtFirstFatal() {
        return this != V4_0;
    }

    /** mce_reign's message when nobody found anything. */
    public String unknownSourceMessage() {
        return this == V4_0 ? "Machine check from unknown source" : "Fatal machine check from unknown source";
    }

    /** Whether the poll timer's "something was logged" test actually sees the events (see spec §2.3). */
    public PollSignal pollSignal() {
        return switch (this) {
            case V4_0 -> PollSignal.NOTIFY_IRQ;
            case V6_12 -> PollSignal.NOTIFY_IRQ_CONSUMED_BY_NOTIFIER;
            case V6_18 -> PollSignal.GEN_POOL_NOT_EMPTY;
        };
    }

    /** How the poll timer learns that something was logged. */
    public enum PollSignal {
        /** {@code mce_notify_irq()} returning 1 (bit set by mce_log, consumed by the timer). */
        NOTIFY_IRQ,
        /** 4.12–6.17: the early notifier consumes the bit first, the timer almost never sees it. */
        NOTIFY_IRQ_CONSUMED_BY_NOTIFIER,
        /** ea324444: {@code !mce_gen_pool_empty()} right after polling. */
        GEN_POOL_NOT_EMPTY
    }
}
