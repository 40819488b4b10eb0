package org.mcelogjava.bench.history;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.mcelogjava.bench.Run;
import org.mcelogjava.bench.Scratch;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.decode.RecordIdentity;
import org.mcelogjava.daemon.history.HistoryDatabase;
import org.mcelogjava.daemon.history.HistoryRecord;
import org.mcelogjava.daemon.history.HistoryRecords;
import org.mcelogjava.daemon.history.HistorySummary;
import org.mcelogjava.daemon.history.RecentDimmErrors;
import org.mcelogjava.daemon.policy.RecordAccounting;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * The history's goals (issue 18): the sink alone at 200,000 records/s or more, and {@code mcelog
 * summary} over a 10-million-record history in less than a second.
 *
 * <ul>
 * <li>{@code sink N}: {@link HistoryDatabase#write} of N records (a Skylake-SP corrected memory
 * error, rows made by the daemon's {@link HistoryRecords}, each with its own identity) into a fresh
 * file, one transaction per batch: batches of 32 (the kernel's log, so the largest batch the device
 * gives) and of 1,024 (batches waiting together on a slow disk are committed together); records per
 * second of wall time and per second of the writing thread's CPU time (on a shared machine the
 * second says what a free core would do); and batches of 1,024 with each record on a page of its own,
 * spread over 100,000 (the daily counts per page then touch a leaf of their table per record).</li>
 * <li>{@code summary DB TREE}: on a history made by {@link HistoryGenerator} (made first when
 * missing or older than a day, so that its last day is today): the summary's queries alone
 * ({@link HistorySummary#read}, in this JVM, 24 hours and the whole history) and the whole command
 * ({@code TREE/bin/mcelog summary --database DB}, a process, fork to exit), and the 24-hour
 * metrics' query ({@link RecentDimmErrors#read}), each 5 times.</li>
 * <li>{@code report DB RECORDS TREE}: {@link ReportRendering}.</li>
 * </ul>
 */
public final class HistoryBench {

    private static final int RUNS = 5;
    /** The writer's own CPU time (SQLite runs in the calling thread): what a free core would give. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: HistoryBench sink N | summary DB RECORDS TREE | report DB RECORDS TREE");
        }
        switch (args[0]) {
            case "sink" -> sink(Integer.parseInt(args[1]));
            case "summary" -> summary(Path.of(args[1]), Long.parseLong(args[2]), Path.of(args[3]));
            case "report" -> ReportRendering.run(Path.of(args[1]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("unknown phase " + args[0]);
        }
    }

    private static void sink(int records) throws Exception {
        Run run = Run.inProcess("History sink alone (HistoryBench sink, " + String.format("%,d", records)
                + " records, HistoryDatabase.write, WAL, synchronous=NORMAL)");
        MceDecoder decoder = new MceDecoder(new CpuTypeTracker(CpuType.SKYLAKE_XEON, true, line -> { }),
                new CpuDecoders());
        Mce mce = Mce.builder().status(0x9c00000000000090L).misc(0x8c).addr(0x12345000L).bank(13).cpuid(0x50654)
                .time(System.currentTimeMillis() / 1000).finished(1).build();
        HistoryRecord template = new HistoryRecords(ZoneOffset.UTC)
                .of(decoder.decode(mce, MceLayout.SIZE, new RecordIdentity("boot", 0)), RecordAccounting.Outcome.NOTHING);
        List<String> cells = new ArrayList<>();
        Scratch.run("mcelog-history-bench", dir -> {
            // batch size, and whether each record's page differs (spread over 100,000, as HistoryGenerator's)
            for (int[] kind : new int[][] {{32, 0}, {1024, 0}, {1024, 1}}) {
                int batch = kind[0];
                boolean spread = kind[1] == 1;
                List<Double> rates = new ArrayList<>();
                List<Double> perCpu = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    Path db = dir.resolve("sink-" + batch + "-" + round + ".db");
                    try (HistoryDatabase history = HistoryDatabase.open(db)) {
                        long begin = System.nanoTime();
                        long cpuBegin = THREADS.getCurrentThreadCpuTime();
                        int seq = 0;
                        while (seq < records) {
                            List<HistoryRecord> rows = new ArrayList<>(batch);
                            for (int i = 0; i < batch && seq < records; i++, seq++) {
                                rows.add(spread ? onPage(template, seq, (seq * 7919L) % 100_000)
                                        : new HistoryRecord(new RecordIdentity("boot", seq), template.mce(),
                                        template.memory(), template.offline(), template.thresholds()));
                            }
                            history.write(rows);
                        }
                        rates.add(records / ((System.nanoTime() - begin) / 1e9));
                        perCpu.add(records / ((THREADS.getCurrentThreadCpuTime() - cpuBegin) / 1e9));
                    }
                    deleteDatabase(db);
                }
                cells.add(String.format("%s records/s (best %,.0f); per CPU second of the writer's thread: %s",
                        joined(rates), Collections.max(rates), joined(perCpu)));
            }
        });
        run.print(System.out, List.of("batches of 32 (3 rounds)", "batches of 1,024 (3 rounds)",
                "batches of 1,024, each record on its own page of 100,000 (3 rounds)"), cells);
    }

    /** {@code template} as record {@code seq}, its error on {@code page}. */
    private static HistoryRecord onPage(HistoryRecord template, int seq, long page) {
        HistoryRecord.MceRow m = template.mce();
        HistoryRecord.MceRow mce = new HistoryRecord.MceRow(m.timestamp(), m.mcgcap(), m.mcgstatus(), m.status(),
                page << 12, m.misc(), m.ip(), m.tsc(), m.walltime(), m.cpu(), m.cpuid(), m.apicid(), m.socketid(), m.cs(),
                m.bank(), m.cpuvendor(), m.bankName(), m.errorMsg(), m.mcgstatusMsg(), m.mcistatusMsg(), m.userAction(),
                m.mcLocation(), page, m.uncorrected());
        List<HistoryRecord.McEventRow> memory = template.memory().stream().map(e -> new HistoryRecord.McEventRow(
                e.timestamp(), e.errCount(), e.errType(), e.errMsg(), e.label(), e.mc(), e.topLayer(), e.middleLayer(),
                e.lowerLayer(), page << 12, e.grain(), e.syndrome(), e.driverDetail(), e.walltime(), page)).toList();
        return new HistoryRecord(new RecordIdentity("boot", seq), mce, memory, template.offline(), template.thresholds());
    }

    private static void summary(Path db, long records, Path tree) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        if (!Files.exists(db) || Files.getLastModifiedTime(db).toMillis() < (now - 86_400) * 1000) {
            deleteDatabase(db);
            long begin = System.nanoTime();
            HistoryGenerator.generate(db, records, now, 365);
            System.out.printf("generated %,d records in %.1f s: %s, %,d bytes%n", records,
                    (System.nanoTime() - begin) / 1e9, db, Files.size(db));
        }
        long stored = HistoryGenerator.count(db, "mce_record");
        Run run = Run.ofLaunchers("mcelog summary over the history (HistoryBench summary, "
                + String.format("%,d", stored) + " records over 365 days, " + String.format("%,d", Files.size(db) >> 20)
                + " MiB)");
        List<Double> day = new ArrayList<>();
        List<Double> year = new ArrayList<>();
        List<Double> recent = new ArrayList<>();
        long inDay = 0;
        for (int i = 0; i < RUNS; i++) {
            long begin = System.nanoTime();
            HistorySummary s = HistorySummary.readEndingNow(db, now, 86_400);
            day.add((System.nanoTime() - begin) / 1e9);
            inDay = s.sockets().stream().mapToLong(HistorySummary.SocketCount::total).sum();
            begin = System.nanoTime();
            RecentDimmErrors.read(db, now - RecentDimmErrors.WINDOW_SECONDS);
            recent.add((System.nanoTime() - begin) / 1e9);
        }
        for (int i = 0; i < 2; i++) {
            long begin = System.nanoTime();
            HistorySummary.readEndingNow(db, now, 366 * 86_400L);
            year.add((System.nanoTime() - begin) / 1e9);
        }
        List<Double> command = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            command.add(wall(List.of(tree.resolve("bin/mcelog").toString(), "summary", "--database", db.toString())));
        }
        run.print(System.out, List.of("summary's queries, last 24 h (" + String.format("%,d", inDay) + " records)",
                        "`mcelog summary`, whole command", "24-hour metrics query (a scrape)",
                        "summary's queries, whole history (--since 366d)"),
                List.of(joined(day) + " s", joined(command) + " s", joined(recent) + " s", joined(year) + " s"));
    }

    /** Wall seconds from fork to exit; the command must succeed. */
    static double wall(List<String> command) throws IOException, InterruptedException {
        long begin = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " exited " + p.exitValue());
        }
        return (System.nanoTime() - begin) / 1e9;
    }

    static String joined(List<Double> values) {
        return String.join(", ", values.stream().map(v -> v >= 1000 ? String.format("%,.0f", v)
                : String.format("%.3f", v)).toList());
    }

    static void deleteDatabase(Path db) throws IOException {
        for (String suffix : Arrays.asList("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
    }
}
