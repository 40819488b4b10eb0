package org.mcelogjava.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdTest {

    @ParameterizedTest(name = "''{0}'' = {1} per {2} s, shown {3}")
    @CsvSource(delimiter = ';', value = {
            "10 / 24h;     10;        86400; 24h",
            "10/24h;       10;        86400; 24h",
            "1 / 1min;     1;         60;    1m",
            "10k / 1d;     10000;     86400; 1d",
            "10k/1d;       10000;     86400; 1d",
            "2M / 3H;      2000000;   10800; 3h",
            "100 / 24h;    100;       86400; 24h",
            "5 / 30;       5;         30;    30",
            "1 / 1hours;   1;         3600;  1h",
            "3 / 2 h;      3;         7200;  2h",
    })
    void parsesWhatMcelogAccepts(String text, long capacity, long seconds, String window) {
        Threshold t = Threshold.parse(text).orElseThrow();
        assertEquals(capacity, t.capacity());
        assertEquals(seconds, t.ageSeconds());
        assertEquals(window, t.windowText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10 / 60s", "0 / 24h", "5 / 2w", "abc", "10k / 24", "10 / 0h", "", "/ 24h", "10 x / 1d",
            "10", "99999999999 / 1h"})
    void rejectsWhatMcelogRejects(String text) {
        assertTrue(Threshold.parse(text).isEmpty(), text);
    }
}
