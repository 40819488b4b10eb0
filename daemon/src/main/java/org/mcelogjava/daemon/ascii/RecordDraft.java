package org.mcelogjava.daemon.ascii;

import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceField;

/**
 * The record {@link AsciiParser} is collecting: mcelog's {@code struct mce m} plus the locals
 * {@code decodefatal} keeps beside it (record length, RIP symbol, missing-field and disclaimer flags).
 */
final class RecordDraft {
    long status;
    long misc;
    long addr;
    long mcgstatus;
    long ip;
    long tsc;
    long time;
    int cpuvendor;
    long cpuid;
    int cs;
    int bank;
    int cpu;
    long socketid;
    long apicid;
    long mcgcap;
    int recordLength;
    String symbol = "";
    boolean missing;
    boolean data;
    boolean disclaimerSeen;

    void field(MceField f) {
        recordLength = Math.max(recordLength, f.end());
    }

    AsciiRecord toRecord() {
        // fields the ascii grammar cannot set stay zero; finished is 1 as in dump_mce_final
        Mce mce = new Mce(status, misc, addr, mcgstatus, ip, tsc, time, cpuvendor, 0, 0, cpuid & 0xffffffffL,
                cs, bank, cpu, 1, 0, socketid & 0xffffffffL, apicid & 0xffffffffL, mcgcap, 0, 0, 0, 0, 0);
        return new AsciiRecord(mce, recordLength, symbol, missing, disclaimerSeen);
    }
}
