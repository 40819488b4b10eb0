package org.mcelogjava.daemon.service;

import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.policy.RecordAccounting;

/**
 * Where a decoded record goes once the policies have decided and its text is made: the log file or
 * stdout, the stream, metrics. A sink only writes: it receives everything and computes nothing.
 */
@FunctionalInterface
public interface RecordSink {

    /**
     * @param decoded the record, decoded once, with its facts
     * @param outcome what the policies decided for it (thresholds crossed, actions), already carried out
     * @param text    its text exactly as mcelog prints it
     */
    void accept(DecodedMce decoded, RecordAccounting.Outcome outcome, String text);
}
