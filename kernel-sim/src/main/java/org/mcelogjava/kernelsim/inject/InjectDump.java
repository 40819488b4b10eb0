package org.mcelogjava.kernelsim.inject;

import org.mcelogjava.protocol.mce.Mce;

/** mce-inject's {@code dump_mce()}: the {@code --dump} text of one record, itself valid input. */
public final class InjectDump {

    private InjectDump() {
    }

    /** The record's lines, ending with a blank line. */
    public static String format(Mce m) {
        return "CPU " + (int) m.extcpu() + "\n"
                + "BANK " + m.bank() + "\n"
                + "TSC 0x" + Long.toHexString(m.tsc()) + "\n"
                + "TIME " + Long.toUnsignedString(m.time()) + "\n"
                + String.format("RIP 0x%02x:0x%x", m.cs(), m.ip()) + "\n"
                + "MISC 0x" + Long.toHexString(m.misc()) + "\n"
                + "ADDR 0x" + Long.toHexString(m.addr()) + "\n"
                + "STATUS 0x" + Long.toHexString(m.status()) + "\n"
                + "MCGSTATUS 0x" + Long.toHexString(m.mcgstatus()) + "\n"
                + "PROCESSOR " + m.cpuvendor() + ":0x" + Long.toHexString(m.cpuid()) + "\n\n";
    }
}
