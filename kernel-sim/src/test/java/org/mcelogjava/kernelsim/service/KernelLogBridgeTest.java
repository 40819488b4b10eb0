package org.mcelogjava.kernelsim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.mcelogjava.kernelsim.klog.KernelLog;

class KernelLogBridgeTest {

    @Test
    void printkLevelsMapToLog4jLevels() {
        assertEquals(Level.FATAL, KernelLogBridge.levelOf(KernelLog.Level.EMERG));
        assertEquals(Level.FATAL, KernelLogBridge.levelOf(KernelLog.Level.CRIT));
        assertEquals(Level.ERROR, KernelLogBridge.levelOf(KernelLog.Level.ERR));
        assertEquals(Level.WARN, KernelLogBridge.levelOf(KernelLog.Level.WARNING));
        assertEquals(Level.INFO, KernelLogBridge.levelOf(KernelLog.Level.NOTICE));
        assertEquals(Level.INFO, KernelLogBridge.levelOf(KernelLog.Level.INFO));
        assertEquals(Level.DEBUG, KernelLogBridge.levelOf(KernelLog.Level.DEBUG));
    }
}
