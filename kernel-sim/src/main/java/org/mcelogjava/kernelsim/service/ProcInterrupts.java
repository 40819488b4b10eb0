package org.mcelogjava.kernelsim.service;

import java.util.function.ToLongFunction;
import org.mcelogjava.kernelsim.mca.McaContext;
import org.mcelogjava.kernelsim.mca.PerCpuMce;

/**
 * The machine-check lines of {@code /proc/interrupts} (arch/x86/kernel/irq.c
 * {@code arch_show_interrupts}): a header naming each online CPU, then per online CPU the
 * threshold interrupts ({@code THR}, CMCI on Intel), the deferred-error interrupts ({@code DFR},
 * never raised here), the #MC exceptions ({@code MCE}, {@code mce_exception_count}) and the
 * machine check polls ({@code MCP}, {@code mce_poll_count}), in the kernel's layout. The simulator
 * has no other interrupts, so the other lines are absent.
 */
final class ProcInterrupts {

    /** The label width the kernel uses for a few hundred IRQs. */
    private static final int PREC = 3;

    private ProcInterrupts() {
    }

    /** The file's text now; call on the engine thread. */
    static String show(McaContext ctx) {
        StringBuilder out = new StringBuilder();
        out.append(" ".repeat(PREC + 8));
        for (int cpu = 0; cpu < ctx.machine().cpuCount(); cpu++) {
            if (ctx.machine().isOnline(cpu)) {
                out.append(String.format("CPU%-8d", cpu));
            }
        }
        out.append('\n');
        line(out, ctx, "THR", PerCpuMce::thresholdCount, "Threshold APIC interrupts");
        line(out, ctx, "DFR", c -> 0, "Deferred Error APIC interrupts");
        line(out, ctx, "MCE", PerCpuMce::exceptionCount, "Machine check exceptions");
        line(out, ctx, "MCP", PerCpuMce::pollCount, "Machine check polls");
        return out.toString();
    }

    private static void line(StringBuilder out, McaContext ctx, String label,
                             ToLongFunction<PerCpuMce> count, String description) {
        out.append(String.format("%" + PREC + "s: ", label));
        for (int cpu = 0; cpu < ctx.machine().cpuCount(); cpu++) {
            if (ctx.machine().isOnline(cpu)) {
                out.append(String.format("%10d ", count.applyAsLong(ctx.cpu(cpu)) & 0xFFFF_FFFFL));
            }
        }
        out.append("  ").append(description).append('\n');
    }
}
