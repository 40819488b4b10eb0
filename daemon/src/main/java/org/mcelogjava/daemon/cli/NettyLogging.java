package org.mcelogjava.daemon.cli;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

/**
 * Where Netty's own warnings go in mcelog: the JDK's logging (stderr, WARNING and above by default),
 * chosen before Netty is first used. Netty would otherwise pick Log4j2 from the classpath and start
 * its global configuration, which mcelog does not use (its log file has a Log4j2 context of its own,
 * {@code sink.RecordLog}): about 100 ms of every start (BENCHMARKS.md, start-up).
 */
final class NettyLogging {

    private NettyLogging() {
    }

    static void toJdkLogging() {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    }
}
