package org.mcelogjava.protocol.stream;

import java.util.List;
import java.util.Objects;
import org.mcelogjava.protocol.mce.Mce;

/**
 * One record as the daemon streams it to custom readers: the raw {@code struct mce}, what the
 * decoder made of it, what the policies did about it, and mcelog's text. The JSON form is
 * {@link StreamJson}; PROTOCOL.md's "Record stream" part documents every member.
 *
 * @param seq          the daemon's sequence number, from 1, increasing by one per record logged
 * @param mce          the record as read from the device
 * @param cpuType      the CPU type it was decoded as (mcelog's names, e.g. "Skylake server")
 * @param bankName     mcelog's bank name
 * @param errorClass   "corrected", "ucna", "srao", "srar" or "fatal" (SDM classes)
 * @param severity     the recovery state the log's MCi status lines state ("PCC", "UCNA", "AR", "SRAO",
 *                     "SRAR"), else null
 * @param transaction  decoded transaction text, e.g. "Memory read error", else null
 * @param level        cache level text, e.g. "Level-2", else null
 * @param socket       physical socket, or -1 when unknown
 * @param channel      memory channel, or -1
 * @param dimm         DIMM slot, or -1
 * @param dimmLabel    the DIMM's label (its DMI slot name, else EDAC's default), null for errors other than memory
 * @param page         4 KiB page address of a memory error with a valid address, or -1
 * @param thresholds   threshold messages this record triggered (e.g. "corrected DIMM memory error count exceeded threshold: 2 in 24h")
 * @param actions      what was done for the record, each as its log line (e.g. "Offlining page 12345000")
 * @param text         the record exactly as written to the log
 */
public record StreamRecord(long seq, Mce mce, String cpuType, String bankName, String errorClass, String severity,
                           String transaction, String level, long socket, long channel, long dimm, String dimmLabel,
                           long page,
                           List<String> thresholds, List<String> actions, String text) {

    /** The schema version of this shape; readers check it. */
    public static final int SCHEMA = 1;

    public StreamRecord {
        Objects.requireNonNull(mce, "mce");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(text, "text");
        thresholds = List.copyOf(thresholds);
        actions = List.copyOf(actions);
    }

    /** Whether the error was uncorrected (MCi_STATUS.UC). */
    public boolean uncorrected() {
        return mce.statusView().uc();
    }

    /** The CPU number mcelog shows: extcpu, or the legacy cpu field when extcpu is 0. */
    public long cpu() {
        return mce.extcpu() != 0 ? mce.extcpu() : mce.cpu();
    }
}
