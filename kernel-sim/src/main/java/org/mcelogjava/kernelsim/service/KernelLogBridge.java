package org.mcelogjava.kernelsim.service;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.mcelogjava.kernelsim.klog.KernelLog;

/**
 * Copies the simulated kernel's log into the service's Log4j2 log (logger {@code kernel}), as a
 * real machine's journal shows dmesg: every line at the Log4j2 level of its printk level, so an
 * operator filters it like the service's own messages.
 */
final class KernelLogBridge {

    private KernelLogBridge() {
    }

    /** Starts copying every line {@code log} prints from now on to {@code logger}. */
    static void attach(KernelLog log, Logger logger) {
        log.addListener(line -> logger.log(levelOf(line.level()), line.text()));
    }

    /** printk levels as Log4j2 levels: EMERG..CRIT are fatal, ERR error, WARNING warn, NOTICE/INFO info. */
    static Level levelOf(KernelLog.Level level) {
        return switch (level) {
            case EMERG, ALERT, CRIT -> Level.FATAL;
            case ERR -> Level.ERROR;
            case WARNING -> Level.WARN;
            case NOTICE, INFO -> Level.INFO;
            case DEBUG -> Level.DEBUG;
        };
    }
}
