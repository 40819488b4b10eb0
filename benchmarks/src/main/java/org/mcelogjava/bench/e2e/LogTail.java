package org.mcelogjava.bench.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the daemon's log file from another thread, noting when each record tagged as
 * {@code TaggedRecords} tags them is first seen whole (from "Hardware event." to the end of its
 * CPUID line).
 */
final class LogTail extends Thread {

    private static final Pattern ADDR = Pattern.compile("\\bADDR ([0-9a-f]+) \n");
    private static final String HEADER = "Hardware event. This is not a software error.\n";

    private final Path log;
    private volatile int expected;
    private final long[] seenAt;
    private final AtomicLong lastSeen = new AtomicLong();
    private final AtomicInteger seen = new AtomicInteger();
    private final long pollNanos;

    /** Polls the file every {@code pollNanos} until {@code expected} records were seen. */
    LogTail(Path log, int expected, long pollNanos) {
        this.log = log;
        this.expected = expected;
        this.pollNanos = pollNanos;
        this.seenAt = new long[expected + 1];
        setDaemon(true);
    }

    /** Ends the tail once {@code records} were seen (records the device dropped never come). */
    void finish(int records) throws InterruptedException {
        expected = records;
        join(TimeUnit.SECONDS.toMillis(30));
        if (isAlive()) {
            throw new IllegalStateException("saw " + seen.get() + " of " + records + " records");
        }
    }

    /** When (System.nanoTime) the record tagged {@code tag} was first seen whole; 0 if never. */
    long seenAt(int tag) {
        return seenAt[tag];
    }

    /** When the last new record was seen. */
    long lastSeen() {
        return lastSeen.get();
    }

    @Override
    public void run() {
        StringBuilder pending = new StringBuilder();
        byte[] buf = new byte[1 << 20];
        long offset = 0;
        try {
            while (!Files.exists(log)) {
                LockSupport.parkNanos(20_000);
            }
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                while (seen.get() < expected) {
                    f.seek(offset);
                    int r = f.read(buf);
                    if (r <= 0) {
                        LockSupport.parkNanos(pollNanos);
                        continue;
                    }
                    long now = System.nanoTime();
                    offset += r;
                    pending.append(new String(buf, 0, r, StandardCharsets.ISO_8859_1));
                    consume(pending, now);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes every whole record off the front of {@code pending} (one compaction per read). */
    private void consume(StringBuilder pending, long now) {
        int done = 0;
        int at = pending.indexOf(HEADER);
        Matcher m = ADDR.matcher(pending);
        while (at >= 0) {
            int end = pending.indexOf("\nCPUID ", at);
            int eol = end < 0 ? -1 : pending.indexOf("\n", end + 1);
            if (eol < 0) {
                break;
            }
            m.region(at, eol + 1);
            if (m.find()) {
                int tag = (int) (Long.parseLong(m.group(1), 16) >>> 12);
                if (tag > 0 && tag < seenAt.length && seenAt[tag] == 0) {
                    seenAt[tag] = now;
                    lastSeen.set(now);
                    seen.incrementAndGet();
                }
            }
            done = eol + 1;
            at = pending.indexOf(HEADER, done);
        }
        pending.delete(0, done);
    }
}
