package org.mcelogjava.daemon.service;

import org.mcelogjava.daemon.decode.DecodedMce;

/** Where a decoded record goes once its text is made: the log file or stdout, the stream, metrics. */
@FunctionalInterface
public interface RecordSink {

    /**
     * @param decoded the record, decoded once
     * @param text    its text exactly as mcelog prints it
     */
    void accept(DecodedMce decoded, String text);
}
