package org.mcelogjava.daemon.decode;

import java.util.List;
import java.util.Optional;
import org.mcelogjava.protocol.mce.Mce;

/**
 * One machine-check record decoded once, for every sink to read: the raw record, how much of it
 * the source supplied, the CPU type it was decoded as, mcelog's bank name, the CPU-specific
 * decode block text, the trigger-worthy events found while decoding, the error's facts (class,
 * site, page, transaction, level, severity) that every later step reads instead of working them out,
 * the DIMMs its memory sites are on, placed once for every output that names them, and the record's
 * identity (boot and delivery number), which every step that remembers what it has applied (the
 * history) reads from here.
 *
 * @param mce          the record
 * @param recordLength bytes of {@code struct mce} the source supplied (gates which fields print)
 * @param cpuType      type the record was decoded as
 * @param bankName     mcelog's {@code bankname()} text
 * @param detail       decode block between the TIME line and the STATUS line (may be empty)
 * @param events       trigger events, in the order mcelog would run them
 * @param facts        what the record says about its error, worked out once
 * @param dimms        where each of {@code facts.sites()} is on this machine, in the same order
 * @param identity     which record of the machine it is; {@link RecordIdentity#NONE} for a plain read
 */
public record DecodedMce(Mce mce, int recordLength, CpuType cpuType, String bankName, String detail,
                         List<McaEvent> events, RecordFacts facts, List<DimmLocation> dimms,
                         RecordIdentity identity) {

    public DecodedMce {
        events = events.isEmpty() ? List.of() : List.copyOf(events);
        dimms = dimms.isEmpty() ? List.of() : List.copyOf(dimms);
        if (dimms.size() != facts.sites().size()) {
            throw new IllegalArgumentException(dimms.size() + " DIMM locations for " + facts.sites().size()
                    + " memory sites");
        }
    }

    /** Where the first memory site is on this machine; empty for errors other than memory. */
    public Optional<DimmLocation> firstDimm() {
        return dimms.isEmpty() ? Optional.empty() : Optional.of(dimms.get(0));
    }

    /** The CPU number mcelog shows: {@code extcpu}, or the legacy {@code cpu} when it is zero. */
    public long cpu() {
        return mce.extcpu() != 0 ? mce.extcpu() : mce.cpu();
    }

    /** Whether the source supplied bytes beyond {@code offset} (mcelog's {@code recordlen > offsetof}). */
    public boolean carriesBeyond(int offset) {
        return recordLength > offset;
    }
}
