package org.mcelogjava.daemon.decode;

import java.util.ArrayList;
import java.util.List;
import org.mcelogjava.protocol.mce.McaStatus;
import org.mcelogjava.protocol.mce.Mce;

/**
 * Decodes records into {@link DecodedMce} values: follows the CPU type through the records'
 * CPUIDs ({@code mce_cpuid}), names the bank ({@code bankname}, including mcelog's extended
 * banks) and runs the CPU family's decoder. One instance per decoding run, because the CPU type
 * carries over from record to record.
 */
public final class MceDecoder {

    private static final int EXTENDED_BANK = 128;
    private static final int TIMEOUT_BANK = EXTENDED_BANK + 90;
    private static final int APEI_BANK = 255;

    private final CpuTypeTracker tracker;
    private final CpuDecoders decoders;
    private final TextBuffer detail = new TextBuffer(1024);
    private final List<McaEvent> events = new ArrayList<>(2);
    private final boolean imcLog;
    private final DimmMap dimms;

    /** A decoder with extended iMC logging on, as mcelog runs by default, on a machine DMI says nothing of. */
    public MceDecoder(CpuTypeTracker tracker, CpuDecoders decoders) {
        this(tracker, decoders, true, DimmMap.NONE);
    }

    /**
     * @param imcLog Sandy/Ivy Bridge-EP failing ranks name DIMMs (mcelog's {@code imc_log}; off with --no-imc-log)
     * @param dimms  the machine's DIMMs, on which memory sites are placed
     */
    public MceDecoder(CpuTypeTracker tracker, CpuDecoders decoders, boolean imcLog, DimmMap dimms) {
        this.tracker = tracker;
        this.decoders = decoders;
        this.imcLog = imcLog;
        this.dimms = dimms;
    }

    /**
     * Decodes one record that has no identity (ascii input, a plain read).
     *
     * @param recordLength bytes of {@code struct mce} the source supplied (ascii mode: the end of
     *                     the furthest field the input set)
     */
    public DecodedMce decode(Mce mce, int recordLength) {
        return decode(mce, recordLength, RecordIdentity.NONE);
    }

    /** Decodes one record the device delivered as {@code identity}. */
    public DecodedMce decode(Mce mce, int recordLength, RecordIdentity identity) {
        CpuType type = tracker.observe(mce.cpuvendor(), mce.cpuid());
        CpuDecoder decoder = decoders.forType(type);
        detail.clear();
        events.clear();
        decoder.decode(mce, recordLength, detail, events);
        RecordFacts facts = RecordFacts.of(mce, recordLength, type, imcLog);
        return new DecodedMce(mce, recordLength, type, bankName(decoder, mce), detail.toString(), events, facts,
                located(facts.sites(), (mce.status() & McaStatus.ADDRV) != 0 ? mce.addr() : -1), identity);
    }

    private List<DimmLocation> located(List<MemorySite> sites, long address) {
        if (sites.isEmpty()) {
            return List.of();
        }
        if (sites.size() == 1) { // all but Sandy/Ivy Bridge-EP's two failing ranks: no list to copy
            return List.of(dimms.locate(sites.get(0), address));
        }
        List<DimmLocation> out = new ArrayList<>(sites.size());
        for (MemorySite s : sites) {
            out.add(dimms.locate(s, address));
        }
        return out;
    }

    private static String bankName(CpuDecoder decoder, Mce mce) {
        int bank = mce.bank();
        if (bank < EXTENDED_BANK) {
            return decoder.bankName(mce);
        }
        if (bank == EXTENDED_BANK) {
            return "THERMAL EVENT";
        }
        if (bank == TIMEOUT_BANK) {
            return "Timeout waiting for exception on other CPUs";
        }
        if (bank >= K8Decoder.THRESHOLD_BASE && bank <= K8Decoder.THRESHOLD_TOP) {
            return K8Decoder.k8BankName(bank);
        }
        if (bank == APEI_BANK) {
            return "ACPI/APEI reported error";
        }
        return "Undecoded extended event " + Integer.toHexString(bank);
    }
}
