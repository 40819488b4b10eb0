package org.mcelogjava.bench.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The records a daemon's history holds (EndToEndBench with {@code E2E_HISTORY=yes}). */
final class HistoryRows {

    private HistoryRows() {
    }

    static long count(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM mce_record")) {
            return r.getLong(1);
        }
    }
}
