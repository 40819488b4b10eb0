package org.mcelogjava.daemon.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.mcelogjava.daemon.decode.RecordIdentity;

/**
 * The history database: rasdaemon's tables (ras-record.c: {@code mce_record}, {@code mc_event},
 * {@code memory_failure_event}, and the empty {@code aer_event} and {@code extlog_event}; same names, columns and types, so {@code ras-mc-ctl} and Telegraf's
 * {@code inputs.ras} read it unchanged), with a few columns of our own appended that rasdaemon's
 * readers never select: the record's identity ({@code boot_id}, {@code seq}; unique, so a record the
 * device delivers again after a restart or a kill -9 is stored once: INSERT OR IGNORE), its page
 * and UC bit, and the record's time on the event tables; plus {@code threshold_event}, and the
 * counts over time of {@link TimeCounts}, ours.
 *
 * <p>WAL journal: readers ({@code mcelog summary}, {@code ras-mc-ctl}) never block the writer.
 * {@code synchronous=NORMAL}: a committed batch survives the process being killed; a power loss may
 * undo the last commits, which the device does not deliver again. Not thread-safe: one writer thread.
 */
public final class HistoryDatabase implements AutoCloseable {

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS mce_record (id INTEGER PRIMARY KEY, timestamp TEXT, mcgcap INTEGER,"
                    + " mcgstatus INTEGER, status INTEGER, addr INTEGER, misc INTEGER, ip INTEGER, tsc INTEGER,"
                    + " walltime INTEGER, cpu INTEGER, cpuid INTEGER, apicid INTEGER, socketid INTEGER, cs INTEGER,"
                    + " bank INTEGER, cpuvendor INTEGER, bank_name TEXT, error_msg TEXT, mcgstatus_msg TEXT,"
                    + " mcistatus_msg TEXT, mcastatus_msg TEXT, user_action TEXT, mc_location TEXT,"
                    + " boot_id TEXT, seq INTEGER, page INTEGER, uncorrected INTEGER)",
            "CREATE TABLE IF NOT EXISTS mc_event (id INTEGER PRIMARY KEY, timestamp TEXT, err_count INTEGER,"
                    + " err_type TEXT, err_msg TEXT, label TEXT, mc INTEGER, top_layer INTEGER, middle_layer INTEGER,"
                    + " lower_layer INTEGER, address INTEGER, grain INTEGER, syndrome INTEGER, driver_detail TEXT,"
                    + " walltime INTEGER, page INTEGER)",
            "CREATE TABLE IF NOT EXISTS memory_failure_event (id INTEGER PRIMARY KEY, timestamp TEXT, pfn TEXT,"
                    + " page_type TEXT, action_result TEXT, walltime INTEGER)",
            // rasdaemon's tables for PCIe AER and the extended error log stay empty here, but its readers
            // query them (Debian's ras-mc-ctl is built with both)
            "CREATE TABLE IF NOT EXISTS aer_event (id INTEGER PRIMARY KEY, timestamp TEXT, dev_name TEXT,"
                    + " err_type TEXT, err_msg TEXT)",
            "CREATE TABLE IF NOT EXISTS extlog_event (id INTEGER PRIMARY KEY, timestamp TEXT, etype INTEGER,"
                    + " error_count INTEGER, severity INTEGER, address INTEGER, fru_id BLOB, fru_text TEXT,"
                    + " cper_data BLOB)",
            "CREATE TABLE IF NOT EXISTS threshold_event (id INTEGER PRIMARY KEY, walltime INTEGER, message TEXT)",
            // exactly once: a record redelivered with the same identity is ignored
            "CREATE UNIQUE INDEX IF NOT EXISTS mce_record_identity ON mce_record (boot_id, seq)",
            // the summary: memory errors by time (the ragged ends of TimeCounts' spans), pages
            "CREATE INDEX IF NOT EXISTS mc_event_page ON mc_event (walltime, page)",
            "CREATE INDEX IF NOT EXISTS memory_failure_time ON memory_failure_event (walltime)",
            "CREATE INDEX IF NOT EXISTS threshold_time ON threshold_event (walltime)",
            // where the records stored from the spool end (HistorySpool): one row, moved with each write
            "CREATE TABLE IF NOT EXISTS mcelog_spool (id INTEGER PRIMARY KEY CHECK (id = 1), segment INTEGER,"
                    + " position INTEGER)");

    private static final String CANNOT_OPEN = "cannot open the history ";
    /** SQLite's result code for a file that is not a database. */
    private static final int SQLITE_NOTADB = 26;

    private final Path path;
    private final Connection connection;
    private final PreparedStatement insertMce;
    private final PreparedStatement insertMemory;
    private final PreparedStatement insertOffline;
    private final PreparedStatement insertThreshold;
    private final PreparedStatement notePosition;
    private final TimeCounts counts;

    private HistoryDatabase(Path path, Connection connection) throws SQLException {
        this.path = path;
        this.connection = connection;
        counts = new TimeCounts(connection);
        insertMce = connection.prepareStatement("INSERT OR IGNORE INTO mce_record (timestamp, mcgcap, mcgstatus,"
                + " status, addr, misc, ip, tsc, walltime, cpu, cpuid, apicid, socketid, cs, bank, cpuvendor,"
                + " bank_name, error_msg, mcgstatus_msg, mcistatus_msg, user_action, mc_location, boot_id, seq,"
                + " page, uncorrected) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        insertMemory = connection.prepareStatement("INSERT INTO mc_event (timestamp, err_count, err_type, err_msg,"
                + " label, mc, top_layer, middle_layer, lower_layer, address, grain, syndrome, driver_detail,"
                + " walltime, page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        insertOffline = connection.prepareStatement("INSERT INTO memory_failure_event (timestamp, pfn, page_type,"
                + " action_result, walltime) VALUES (?,?,?,?,?)");
        insertThreshold = connection.prepareStatement("INSERT INTO threshold_event (walltime, message) VALUES (?,?)");
        notePosition = connection.prepareStatement(
                "INSERT OR REPLACE INTO mcelog_spool (id, segment, position) VALUES (1, ?, ?)");
    }

    /**
     * Opens (creating when missing) the database at {@code path} with the schema and WAL.
     *
     * @throws SQLException with a message naming the file and the reason
     */
    public static HistoryDatabase open(Path path) throws SQLException {
        return open(path, line -> { });
    }

    /**
     * As {@link #open(Path)}; a history written by an earlier mcelog-java, whose records get their
     * counts over time now (once: the whole history is read, 33 s for 10 million records: BENCHMARKS.md), is said
     * on {@code said}, before and after.
     */
    public static HistoryDatabase open(Path path, Consumer<String> said) throws SQLException {
        Connection c = connect(path);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                c.setAutoCommit(false);
                boolean counted = hasTable(c, TimeCounts.LAST_TABLE);
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
                for (String ddl : TimeCounts.SCHEMA) {
                    s.execute(ddl);
                }
                if (!counted) {
                    // a history from before the counts over time, or a new one
                    long records = count(s, "mce_record");
                    if (records > 0) {
                        said.accept("history " + path + ": adding its counts per hour and day to its " + records
                                + " records, once (it was written by an earlier mcelog-java)");
                    }
                    TimeCounts.fill(s);
                    if (records > 0) {
                        said.accept("history " + path + ": counts per hour and day added");
                    }
                }
                c.commit();
            }
            return new HistoryDatabase(path, c);
        } catch (SQLException e) {
            c.close();
            throw new SQLException("cannot set up the history " + path + ": " + e.getMessage(), e);
        }
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            return r.getLong(1);
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /**
     * A connection for reading the history at {@code path}, checked to be one: an existing, readable
     * SQLite file with this class's tables and columns (rasdaemon's own database lacks them).
     *
     * @throws SQLException {@code cannot open the history PATH: REASON}
     */
    private static Connection reader(Path path) throws SQLException {
        String problem = !Files.exists(path) ? "No such file or directory"
                : Files.isDirectory(path) ? "Is a directory"
                : !Files.isReadable(path) ? "Permission denied" : null;
        if (problem != null) {
            throw new SQLException(CANNOT_OPEN + path + ": " + problem);
        }
        Connection c = connect(path);
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT mce_record.walltime, mce_record.uncorrected, mc_event.walltime, mc_event.page"
                    + " FROM mce_record, mc_event LIMIT 0").close();
            if (hasTable(c, TimeCounts.LAST_TABLE)) {
                return c;
            }
        } catch (SQLException e) {
            c.close();
            String reason = e.getErrorCode() == SQLITE_NOTADB ? "not an SQLite database"
                    : "not a history of mcelog-java (" + e.getMessage().replaceFirst("^\\[SQLITE_ERROR][^(]*\\((.*)\\)$", "$1")
                    + ")";
            throw new SQLException(CANNOT_OPEN + path + ": " + reason, e);
        }
        c.close();
        throw new SQLException(CANNOT_OPEN + path + ": written by an earlier mcelog-java, without the counts per hour"
                + " and day; the daemon adds them when it next opens the history");
    }

    /** Queries of one reading connection ({@link #read}). */
    @FunctionalInterface
    public interface Query<T> {
        T apply(Connection history) throws SQLException;
    }

    /**
     * Runs {@code query} on one reading connection to the history at {@code path} ({@link #reader}):
     * the file is opened and checked once, however many queries it makes.
     *
     * @throws SQLException naming the file and the reason (also when it does not exist)
     */
    public static <T> T read(Path path, Query<T> query) throws SQLException {
        try (Connection c = reader(path)) {
            return query.apply(c);
        } catch (SQLException e) {
            throw readFailure(path, e);
        }
    }

    /** {@code e} when it names the history already, else {@code cannot read the history PATH: ...}. */
    private static SQLException readFailure(Path path, SQLException e) {
        return e.getMessage().startsWith(CANNOT_OPEN)
                ? e : new SQLException("cannot read the history " + path + ": " + e.getMessage(), e);
    }

    /** A connection to the database at {@code path}; the message of a failure names the file. */
    private static Connection connect(Path path) throws SQLException {
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + path);
        } catch (SQLException e) {
            throw new SQLException(CANNOT_OPEN + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes records in one transaction: each record once (a record already stored under its
     * identity is skipped with its events).
     *
     * @return how many records were new
     */
    public int write(List<HistoryRecord> records) throws SQLException {
        return write(records, Optional.empty());
    }

    /**
     * Writes records read from the spool as {@link #write(List)} does, and in the same transaction
     * notes {@code spoolEnd}, where they end in the spool ({@link #spoolPosition}).
     */
    public int write(List<HistoryRecord> records, SpoolPosition spoolEnd) throws SQLException {
        return write(records, Optional.of(spoolEnd));
    }

    /** Where the records stored from the spool end in it; {@link SpoolPosition#NONE} when none are noted. */
    public SpoolPosition spoolPosition() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT segment, position FROM mcelog_spool WHERE id = 1")) {
            SpoolPosition position = r.next() ? new SpoolPosition(r.getLong(1), r.getLong(2)) : SpoolPosition.NONE;
            connection.commit();
            return position;
        } catch (SQLException e) {
            throw new SQLException("cannot read the history " + path + ": " + e.getMessage(), e);
        }
    }

    private int write(List<HistoryRecord> records, Optional<SpoolPosition> spoolEnd) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        try {
            for (HistoryRecord r : records) {
                bindRecord(r);
                insertMce.addBatch();
            }
            // one pass for the records (a quarter less CPU than a statement each: BENCHMARKS.md), then
            // the events of those that were new: INSERT OR IGNORE changed no row for a known identity
            int[] inserted = insertMce.executeBatch();
            List<HistoryRecord> stored = new ArrayList<>(inserted.length);
            for (int i = 0; i < inserted.length; i++) {
                if (inserted[i] > 0) {
                    addEvents(records.get(i));
                    stored.add(records.get(i));
                }
            }
            insertMemory.executeBatch();
            insertOffline.executeBatch();
            insertThreshold.executeBatch();
            counts.add(stored);
            if (spoolEnd.isPresent()) {
                notePosition.setLong(1, spoolEnd.get().segment());
                notePosition.setLong(2, spoolEnd.get().offset());
                notePosition.executeUpdate();
            }
            connection.commit();
            return stored.size();
        } catch (SQLException e) {
            insertMce.clearBatch();
            insertMemory.clearBatch();
            insertOffline.clearBatch();
            insertThreshold.clearBatch();
            connection.rollback();
            throw e;
        }
    }

    private void bindRecord(HistoryRecord r) throws SQLException {
        HistoryRecord.MceRow m = r.mce();
        PreparedStatement s = insertMce;
        s.setString(1, m.timestamp());
        s.setLong(2, m.mcgcap());
        s.setLong(3, m.mcgstatus());
        s.setLong(4, m.status());
        s.setLong(5, m.addr());
        s.setLong(6, m.misc());
        s.setLong(7, m.ip());
        s.setLong(8, m.tsc());
        s.setLong(9, m.walltime());
        s.setLong(10, m.cpu());
        s.setLong(11, m.cpuid());
        s.setLong(12, m.apicid());
        s.setLong(13, m.socketid());
        s.setInt(14, m.cs());
        s.setInt(15, m.bank());
        s.setInt(16, m.cpuvendor());
        s.setString(17, m.bankName());
        s.setString(18, m.errorMsg());
        s.setString(19, m.mcgstatusMsg());
        s.setString(20, m.mcistatusMsg());
        s.setString(21, m.userAction());
        s.setString(22, m.mcLocation());
        if (r.identity().known()) {
            s.setString(23, r.identity().bootId());
            s.setLong(24, r.identity().sequence());
        } else {
            s.setNull(23, Types.VARCHAR);
            s.setNull(24, Types.INTEGER);
        }
        if (m.page() >= 0) {
            s.setLong(25, m.page());
        } else {
            s.setNull(25, Types.INTEGER);
        }
        s.setInt(26, m.uncorrected() ? 1 : 0);
    }

    private void addEvents(HistoryRecord r) throws SQLException {
        HistoryRecord.MceRow m = r.mce();
        for (HistoryRecord.McEventRow e : r.memory()) {
            PreparedStatement q = insertMemory;
            q.setString(1, e.timestamp());
            q.setInt(2, e.errCount());
            q.setString(3, e.errType());
            q.setString(4, e.errMsg());
            q.setString(5, e.label());
            q.setLong(6, e.mc());
            q.setInt(7, e.topLayer());
            q.setInt(8, e.middleLayer());
            q.setInt(9, e.lowerLayer());
            q.setLong(10, e.address());
            q.setLong(11, e.grain());
            q.setLong(12, e.syndrome());
            q.setString(13, e.driverDetail());
            q.setLong(14, e.walltime());
            if (e.page() >= 0) {
                q.setLong(15, e.page());
            } else {
                q.setNull(15, Types.INTEGER);
            }
            q.addBatch();
        }
        if (r.offline().isPresent()) {
            HistoryRecord.PageOfflineRow p = r.offline().get();
            insertOffline.setString(1, p.timestamp());
            insertOffline.setString(2, p.pfn());
            insertOffline.setString(3, p.pageType());
            insertOffline.setString(4, p.actionResult());
            insertOffline.setLong(5, p.walltime());
            insertOffline.addBatch();
        }
        for (String t : r.thresholds()) {
            insertThreshold.setLong(1, m.walltime());
            insertThreshold.setString(2, t);
            insertThreshold.addBatch();
        }
    }

    /**
     * The identity of the newest boot's highest-numbered record stored: the boot of the row stored
     * last, and the highest number stored for that boot; empty when no record with an identity is stored.
     */
    public Optional<RecordIdentity> newestIdentity() throws SQLException {
        try {
            Optional<RecordIdentity> newest;
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT boot_id, max(seq) FROM mce_record WHERE boot_id ="
                         + " (SELECT boot_id FROM mce_record WHERE boot_id IS NOT NULL ORDER BY id DESC LIMIT 1)")) {
                newest = r.next() && r.getString(1) != null
                        ? Optional.of(new RecordIdentity(r.getString(1), r.getLong(2))) : Optional.empty();
            }
            connection.commit(); // ends the read: the writer's next transaction sees what others wrote since
            return newest;
        } catch (SQLException e) {
            throw new SQLException("cannot read the history " + path + ": " + e.getMessage(), e);
        }
    }

    /** The database file. */
    public Path path() {
        return path;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
