package org.mcelogjava.kernelsim.machine;

import java.util.List;

/**
 * One logical CPU: its identity as {@code struct mce} reports it (cpuid, apicid, socketid,
 * microcode, ppin) and the banks it sees, some of them shared with siblings. IA32_MCG_STATUS is
 * per logical CPU.
 */
public final class Cpu {

    private final int number;
    private final CpuProfile profile;
    private final long apicId;
    private final int socket;
    private final long ppin;
    private final List<McaBank> banks;
    private long mcgStatus;

    public Cpu(int number, CpuProfile profile, long apicId, int socket, long ppin, List<McaBank> banks) {
        this.number = number;
        this.profile = profile;
        this.apicId = apicId;
        this.socket = socket;
        this.ppin = ppin;
        this.banks = List.copyOf(banks);
    }

    public int number() { return number; }
    public CpuProfile profile() { return profile; }
    public long apicId() { return apicId; }
    public int socket() { return socket; }
    public long ppin() { return ppin; }
    public long mcgCap() { return profile.mcgCap(); }
    public int bankCount() { return banks.size(); }

    public McaBank bank(int i) {
        return banks.get(i);
    }

    public synchronized long mcgStatus() {
        return mcgStatus;
    }

    public synchronized void writeMcgStatus(long v) {
        mcgStatus = v;
    }
}
