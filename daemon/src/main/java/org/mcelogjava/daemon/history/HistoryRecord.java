package org.mcelogjava.daemon.history;

import java.util.List;
import java.util.Optional;
import org.mcelogjava.daemon.decode.RecordIdentity;

/**
 * One record as the history stores it: the values of its rows in rasdaemon's tables, worked out
 * once on the record path so that the writer thread only binds them.
 *
 * @param identity    the record's identity, as the record carries it ({@link RecordIdentity#NONE}: stored without)
 * @param mce         the {@code mce_record} row
 * @param memory      the {@code mc_event} rows of a memory error, one per site (none for other errors)
 * @param offline     the {@code memory_failure_event} row when the daemon offlined the record's page
 * @param thresholds  the thresholds the record crossed, each as the log line that says so
 */
public record HistoryRecord(RecordIdentity identity, MceRow mce, List<McEventRow> memory,
                            Optional<PageOfflineRow> offline, List<String> thresholds) {

    public HistoryRecord {
        memory = List.copyOf(memory);
        thresholds = List.copyOf(thresholds);
    }

    /**
     * rasdaemon's {@code mce_record} columns (ras-record.c, {@code mce_record_fields}), plus the
     * page and MCi_STATUS.UC that the summary groups by.
     */
    public record MceRow(String timestamp, long mcgcap, long mcgstatus, long status, long addr, long misc, long ip,
                         long tsc, long walltime, long cpu, long cpuid, long apicid, long socketid, int cs, int bank,
                         int cpuvendor, String bankName, String errorMsg, String mcgstatusMsg, String mcistatusMsg,
                         String userAction, String mcLocation, long page, boolean uncorrected) {
    }

    /**
     * rasdaemon's {@code mc_event} columns as the EDAC driver's {@code ras:mc_event} trace point gives
     * them (mc = socket, layers = channel, DIMM slot, -1), plus the record's time and page.
     */
    public record McEventRow(String timestamp, int errCount, String errType, String errMsg, String label, long mc,
                             int topLayer, int middleLayer, int lowerLayer, long address, long grain, long syndrome,
                             String driverDetail, long walltime, long page) {
    }

    /** rasdaemon's {@code memory_failure_event} columns ({@code pfn} as rasdaemon writes it: hex text). */
    public record PageOfflineRow(String timestamp, String pfn, String pageType, String actionResult, long walltime) {
    }
}
