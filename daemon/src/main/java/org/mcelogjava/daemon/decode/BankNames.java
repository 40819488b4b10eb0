package org.mcelogjava.daemon.decode;

import java.util.List;
import java.util.stream.IntStream;

/** mcelog's numeric bank names ({@code "BANK %d"}) for banks 0-127, made once. */
final class BankNames {

    private static final List<String> NUMERIC = IntStream.range(0, 128).mapToObj(i -> "BANK " + i).toList();

    private BankNames() {
    }

    static String numeric(int bank) {
        return bank < NUMERIC.size() ? NUMERIC.get(bank) : "BANK " + bank;
    }
}
