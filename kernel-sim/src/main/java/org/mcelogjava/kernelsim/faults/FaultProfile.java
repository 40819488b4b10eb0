package org.mcelogjava.kernelsim.faults;

/**
 * The rates a {@link FaultGenerator} draws from. Rates are per year of virtual time and are all
 * scaled by {@link #rateMultiplier()}; the accelerated clock is the other knob (at 1440× a
 * virtual day passes in a real minute with field rates unchanged).
 *
 * <p>Figures of the {@link #defaults() default profile} (ecosystem.md §3.4–3.5):
 * <ul>
 * <li>{@code faultyDimmFraction} 0.08 and {@code faultOnsetPerDimmYear} 0.08: "more than 8% of
 *     DIMMs see at least one error per year" (Schroeder, Pinheiro, Weber, SIGMETRICS 2009);
 *     faults are hard and persist, so a booted server already carries its faulty DIMMs.</li>
 * <li>corrected errors of a faulty DIMM: Pareto with shape {@code ceParetoShape} 0.5 and scale
 *     {@code ceScalePerYear} 225/year, truncated at {@code ceCapPerYear} 10<sup>7</sup>/year.
 *     That gives a median of ≈ 890 CE/year, a mean of ≈ 47,400 (mean/median ≈ 53, the
 *     power law "mean exceeds median by ~55×" of Meza et al., DSN 2015), and over all DIMMs
 *     0.08 × 47,400 ≈ 3,800 CE per DIMM-year, Schroeder's mean of ≈ 3,751.</li>
 * <li>temporal bursts: after an error, with probability {@code burstProbability} 0.3, a burst of
 *     on average {@code burstMeanErrors} 4 more errors spaced {@code burstMeanSpacingSeconds}
 *     120 s apart (a CE raises near-term CE probability by one to two orders of magnitude).</li>
 * <li>uncorrected memory errors: {@code uePerFaultyDimmYear} 0.025, i.e. ≈ 0.2% of all DIMMs
 *     per year (per-DIMM UE incidence ≈ 0.2%/year), only on DIMMs that already show CEs (UEs
 *     are conditioned on prior CE activity); a 24-DIMM server gets ≈ 5% a year, the field's
 *     1.3–4% of machines.</li>
 * <li>cache ({@code cacheCePerCoreYear} 0.5) and interconnect link
 *     ({@code busCePerLinkYear} 4) corrected errors: ecosystem.md gives no field figure;
 *     these are assumptions, kept small next to DRAM as the field studies find.</li>
 * </ul>
 */
public record FaultProfile(double faultyDimmFraction, double faultOnsetPerDimmYear, double ceParetoShape,
                           double ceScalePerYear, double ceCapPerYear, double burstProbability,
                           double burstMeanErrors, double burstMeanSpacingSeconds, double uePerFaultyDimmYear,
                           double cacheCePerCoreYear, double busCePerLinkYear, double rateMultiplier) {

    /** Seconds in a (365-day) year. */
    public static final double YEAR_SECONDS = 365 * 86_400.0;

    public FaultProfile {
        check("faultyDimmFraction", faultyDimmFraction, 0, 1);
        check("burstProbability", burstProbability, 0, 1);
        if (!(ceParetoShape > 0) || !(ceScalePerYear > 0) || !(ceCapPerYear > ceScalePerYear)) {
            throw new IllegalArgumentException("need shape > 0 and 0 < scale < cap, got shape " + ceParetoShape
                    + " scale " + ceScalePerYear + " cap " + ceCapPerYear);
        }
        for (double v : new double[] {faultOnsetPerDimmYear, burstMeanErrors, burstMeanSpacingSeconds,
            uePerFaultyDimmYear, cacheCePerCoreYear, busCePerLinkYear, rateMultiplier}) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("rates must be finite and >= 0, got " + v);
            }
        }
    }

    /** The field-study rates above, multiplier 1. */
    public static FaultProfile defaults() {
        return new FaultProfile(0.08, 0.08, 0.5, 225, 1e7, 0.3, 4, 120, 0.025, 0.5, 4, 1);
    }

    /** No errors at all (the {@code --faults none} of the simulator). */
    public static FaultProfile none() {
        return new FaultProfile(0, 0, 0.5, 225, 1e7, 0, 0, 120, 0, 0, 0, 1);
    }

    /** A profile by its name on the command line: {@code default} or {@code none}. */
    public static FaultProfile byName(String name) {
        return switch (name) {
            case "default" -> defaults();
            case "none" -> none();
            default -> throw new IllegalArgumentException("unknown fault profile '" + name + "' (known: default, none)");
        };
    }

    /** The same rates, all multiplied by {@code m} (bursts keep their spacing). */
    public FaultProfile withRateMultiplier(double m) {
        return new FaultProfile(faultyDimmFraction, faultOnsetPerDimmYear, ceParetoShape, ceScalePerYear,
                ceCapPerYear, burstProbability, burstMeanErrors, burstMeanSpacingSeconds, uePerFaultyDimmYear,
                cacheCePerCoreYear, busCePerLinkYear, m);
    }

    /** A copy with a different share of DIMMs faulty at boot. */
    public FaultProfile withFaultyDimmFraction(double f) {
        return new FaultProfile(f, faultOnsetPerDimmYear, ceParetoShape, ceScalePerYear, ceCapPerYear,
                burstProbability, burstMeanErrors, burstMeanSpacingSeconds, uePerFaultyDimmYear,
                cacheCePerCoreYear, busCePerLinkYear, rateMultiplier);
    }

    /** A rate per year turned into a rate per virtual second, multiplier applied. */
    double perSecond(double perYear) {
        return perYear * rateMultiplier / YEAR_SECONDS;
    }

    private static void check(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }
}
