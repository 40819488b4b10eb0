package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps the daemon's start-up short (BENCHMARKS.md, start-up): bin/mcelog logging a record to
 * a log file it does not roll loads no Log4j2 class at all: Netty's own logger goes to the JDK's
 * logging, and the record log writes the file itself. Only a log the daemon rolls loads Log4j2's
 * rolling appender. Read from the JVM's class-load log ({@code -Xlog:class+load} in JAVA_OPTS).
 */
class LeanStartIT {

    private static final String LOG4J = " org.apache.logging.log4j.";

    @TempDir
    Path dir;

    /** The classes bin/mcelog --daemon loaded up to and including logging one record, with {@code conf}. */
    private String classesUpToTheFirstRecord(String conf) throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path classes = dir.resolve("classes.txt");
        Files.deleteIfExists(classes);
        Files.writeString(dir.resolve("mcelog.conf"), conf);
        try (RunningTree tree = new RunningTree(dir)) {
            tree.simulator(sock);
            ProcessBuilder pb = new ProcessBuilder(RunningTree.HOME.resolve("bin/mcelog").toString(), "--daemon",
                    "--foreground", "--config-file", dir.resolve("mcelog.conf").toString(), "--socket", sock.toString(),
                    "--logfile", tree.log().toString(), "--pidfile", tree.pidfile().toString());
            pb.environment().put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
            Process daemon = tree.start("mcelog", pb);
            tree.waitUntil(() -> Files.exists(tree.pidfile()), daemon);
            tree.inject(sock, "CPU 0 BANK 4\nSTATUS 0x9c00000000000005\n");
            tree.waitUntil(() -> tree.read("mcelog.log").contains("STATUS 9c00000000000005"), daemon);
            tree.stop(daemon);
        }
        return Files.readString(classes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aDaemonThatDoesNotRollItsLogLoadsNoLog4jClass() throws Exception {
        String classes = classesUpToTheFirstRecord("[server]\nsocket-path =\n");
        assertTrue(classes.contains(" org.mcelogjava.daemon.sink.AppendedLogFile "),
                "the class log is the daemon's, and its record log wrote the file itself");
        List<String> log4j = classes.lines().filter(l -> l.contains(LOG4J)).limit(5).toList();
        assertTrue(log4j.isEmpty(), "Log4j2 classes loaded: " + log4j);
    }

    @Test
    void onlyALogTheDaemonRollsLoadsLog4jsRollingAppender() throws Exception {
        String classes = classesUpToTheFirstRecord("[server]\nsocket-path =\n[logfile]\nroll-size = 1M\n");
        assertTrue(classes.contains(" org.mcelogjava.daemon.sink.RollingLogFile "), "the rolling log file");
        assertTrue(classes.contains(" org.apache.logging.log4j.core.appender.RollingFileAppender "),
                "Log4j2's rolling appender rolls it");
    }
}
