package org.mcelogjava.daemon.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** ctime(3) text as mcelog's TIME line shows it. */
class CtimeTextTest {

    private static String ctime(long t, ZoneId zone) {
        TextBuffer out = new TextBuffer(32);
        new CtimeText(zone).append(t, out);
        return out.toString();
    }

    @Test
    void formatsLikeCtimeWithASpacePaddedDay() {
        assertEquals("Tue Nov 14 22:13:20 2023\n", ctime(1700000000, ZoneOffset.UTC));
        assertEquals("Thu Jan  1 00:00:00 1970\n", ctime(0, ZoneOffset.UTC));
        assertEquals("Wed Dec 31 23:59:59 1969\n", ctime(-1, ZoneOffset.UTC));
    }

    @Test
    void usesTheGivenZone() {
        assertEquals("Tue Nov 14 23:13:20 2023\n", ctime(1700000000, ZoneId.of("Europe/Berlin")));
    }

    @Test
    void yearsBeyondGlibcsRangeGiveNull() {
        assertEquals("(null)", ctime(Long.MAX_VALUE, ZoneOffset.UTC));
    }
}
