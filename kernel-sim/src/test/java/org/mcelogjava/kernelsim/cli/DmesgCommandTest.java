package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code /dev/kmsg} records into dmesg's lines, as util-linux's dmesg prints them by default. */
class DmesgCommandTest {

    @Test
    void eachRecordBecomesSecondsMicrosecondsAndItsText() {
        String kmsg = "4,12,1503021,-;b: Unknown symbol a_add (err -2)\n"
                + " SUBSYSTEM=cpu\n"
                + "2,13,98765432101,-;mce: [Hardware Error]: Machine check events logged\n";
        assertEquals("[    1.503021] b: Unknown symbol a_add (err -2)\n"
                + "[98765.432101] mce: [Hardware Error]: Machine check events logged\n", DmesgCommand.format(kmsg));
    }

    @Test
    void anEmptyLogPrintsNothing() {
        assertEquals("", DmesgCommand.format(""));
    }
}
