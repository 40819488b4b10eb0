package org.mcelogjava.daemon.ascii;

import java.nio.charset.StandardCharsets;

/**
 * What one {@link ScanFormat#scan} call produced: sscanf's return value, the assigned values in
 * order (numbers, or string ranges of the scanned input), and the {@code %n} count if the scan
 * got that far. A parser reuses one result for every scan.
 */
public final class ScanResult {

    private static final int MAX_VALUES = 8;

    private final long[] numbers = new long[MAX_VALUES];
    private final int[] starts = new int[MAX_VALUES];
    private final int[] ends = new int[MAX_VALUES];
    private byte[] input;
    private int count;
    private boolean inputFailure;
    int consumed;

    void reset(byte[] scanned) {
        input = scanned;
        count = 0;
        inputFailure = false;
        consumed = -1;
    }

    ScanResult inputFailure() {
        inputFailure = true;
        return this;
    }

    void addNumber(long v) {
        numbers[count++] = v;
    }

    void addString(int start, int end) {
        starts[count] = start;
        ends[count++] = end;
    }

    /** sscanf's return value: assignments made, or -1 (EOF) when input ran out before the first. */
    public int count() {
        return inputFailure && count == 0 ? -1 : count;
    }

    /** The {@code i}-th assigned value as a number. */
    public long number(int i) {
        return numbers[i];
    }

    /** The {@code i}-th assigned value as a string. */
    public String string(int i) {
        return new String(input, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
    }

    /** Length of the {@code i}-th assigned string. */
    int stringLength(int i) {
        return ends[i] - starts[i];
    }

    /** Byte {@code k} of the {@code i}-th assigned string. */
    byte stringByte(int i, int k) {
        return input[starts[i] + k];
    }

    /** Characters consumed up to {@code %n}, or 0 when the scan stopped before it (mcelog's {@code next} stays 0). */
    public int consumed() {
        return Math.max(consumed, 0);
    }
}
