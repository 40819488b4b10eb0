package org.mcelogjava.daemon.config;

import java.util.Optional;

/**
 * A {@code <base>-threshold}, {@code <base>-trigger}, {@code <base>-log} triple of mcelog.conf
 * ({@code config_trigger}): when the bucket overflows, run the trigger and/or log the overflow.
 *
 * @param threshold absent means "not enabled"
 * @param trigger   program to run, absent for none
 * @param log       print the overflow message and location
 */
public record ThresholdAction(Optional<Threshold> threshold, Optional<String> trigger, boolean log) {

    public static final ThresholdAction DISABLED = new ThresholdAction(Optional.empty(), Optional.empty(), false);

    public boolean enabled() {
        return threshold.isPresent();
    }
}
