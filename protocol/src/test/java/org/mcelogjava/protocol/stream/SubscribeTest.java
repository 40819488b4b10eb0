package org.mcelogjava.protocol.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscribeTest {

    @Test
    void acceptsTheDocumentedForms() {
        String[] err = new String[1];
        assertEquals(Optional.of(new Subscribe(1, Subscribe.Format.JSON, false)), Subscribe.parse("subscribe 1 json", err));
        assertEquals(Optional.of(new Subscribe(1, Subscribe.Format.RAW, true)), Subscribe.parse("subscribe 1 raw replay", err));
        assertEquals("ok 1 json\n", new Subscribe(1, Subscribe.Format.JSON, false).acceptance());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "subscribe 2 json      ; unsupported stream version 2 (this daemon speaks 1)",
            "subscribe x json      ; bad stream version `x'",
            "subscribe 1 xml       ; unknown stream format `xml' (json or raw)",
            "subscribe 1 json now  ; unknown subscribe option `now' (replay)",
            "subscribe             ; usage: subscribe <version> <json|raw> [replay]",
    })
    void refusesWithAReason(String line, String reason) {
        String[] err = new String[1];
        assertTrue(Subscribe.parse(line, err).isEmpty());
        assertEquals(reason, err[0]);
    }

    @Test
    void recognisesSubscriptionAttempts() {
        assertTrue(Subscribe.isSubscription("subscribe"));
        assertTrue(Subscribe.isSubscription("subscribe 9 raw"));
        assertFalse(Subscribe.isSubscription("subscriber"));
    }

    @Test
    void rawFramesAreLengthPrefixedLittleEndian() {
        HexFormat hex = HexFormat.of();
        assertArrayEquals(hex.parseHex("0d000000" + "01" + "0700000000000000" + "aabbccdd"),
                RawFrames.record(7, hex.parseHex("aabbccdd")));
        assertArrayEquals(hex.parseHex("09000000" + "03" + "0c00000000000000"), RawFrames.missed(12));
        assertArrayEquals(hex.parseHex("11000000" + "02" + "0500000000000000" + "0900000000000000"),
                RawFrames.heartbeat(5, 9));
    }
}
