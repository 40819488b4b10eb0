package org.mcelogjava.daemon.act;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.mcelogjava.daemon.policy.PageOffliner;

/** A {@link PageOffliner} that counts each offline by kind and outcome, for the metrics. */
public final class CountingPageOffliner implements PageOffliner {

    /** What became of an offline request. */
    public enum Outcome {
        OFFLINED, FAILED
    }

    private final PageOffliner delegate;
    private final Map<Kind, Map<Outcome, AtomicLong>> counts = new EnumMap<>(Kind.class);

    public CountingPageOffliner(PageOffliner delegate) {
        this.delegate = delegate;
        for (Kind k : Kind.values()) {
            Map<Outcome, AtomicLong> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, new AtomicLong());
            }
            counts.put(k, byOutcome);
        }
    }

    @Override
    public void offline(long address, Kind kind) throws IOException {
        try {
            delegate.offline(address, kind);
        } catch (IOException | RuntimeException e) {
            counts.get(kind).get(Outcome.FAILED).incrementAndGet();
            throw e;
        }
        counts.get(kind).get(Outcome.OFFLINED).incrementAndGet();
    }

    /** Offline requests of {@code kind} that ended in {@code outcome}, since start. */
    public long count(Kind kind, Outcome outcome) {
        return counts.get(kind).get(outcome).get();
    }
}
