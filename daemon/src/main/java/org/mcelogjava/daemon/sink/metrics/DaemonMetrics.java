package org.mcelogjava.daemon.sink.metrics;

import org.mcelogjava.daemon.decode.DecodedMce;

/**
 * What the daemon counts for monitoring. One small interface, so backends (Prometheus today) live
 * in their own subpackages and the record path does not know which is in use.
 */
public interface DaemonMetrics {

    /** No metrics: every call does nothing. */
    DaemonMetrics NONE = new DaemonMetrics() {
        @Override
        public void recordLogged(DecodedMce decoded) {
        }

        @Override
        public void deviceOverflow() {
        }
    };

    /** A record was read, decoded and logged. */
    void recordLogged(DecodedMce decoded);

    /** The kernel reported that its log overflowed (records were dropped before the daemon read them). */
    void deviceOverflow();
}
