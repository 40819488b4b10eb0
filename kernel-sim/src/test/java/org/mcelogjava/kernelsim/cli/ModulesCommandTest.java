package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModulesCommandTest {

    @Test
    void lsmodFormatsProcModules() {
        assertEquals("Module                  Size  Used by\n"
                        + "b                       4096  0\n"
                        + "a                       4096  1 b\n",
                ModulesCommand.lsmod("b 4096 0 - Live 0x0000000000000000\na 4096 1 b, Live 0x0000000000000000\n"));
    }
}
