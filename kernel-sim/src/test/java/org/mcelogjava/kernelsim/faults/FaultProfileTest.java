package org.mcelogjava.kernelsim.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The profile's names, validation and the rate arithmetic the generator relies on. */
class FaultProfileTest {

    @Test
    void profilesByName() {
        assertEquals(FaultProfile.defaults(), FaultProfile.byName("default"));
        assertEquals(0, FaultProfile.byName("none").faultyDimmFraction());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultProfile.byName("storm"));
        assertEquals("unknown fault profile 'storm' (known: default, none)", e.getMessage());
    }

    @Test
    void ratesAreCheckedWhenTheProfileIsMade() {
        assertThrows(IllegalArgumentException.class, () -> FaultProfile.defaults().withFaultyDimmFraction(1.5));
        assertThrows(IllegalArgumentException.class, () -> FaultProfile.defaults().withRateMultiplier(-1));
        assertThrows(IllegalArgumentException.class,
                () -> new FaultProfile(0.08, 0.08, 0.5, 225, 100, 0.3, 4, 120, 0.025, 0.5, 4, 1));
    }

    @Test
    void theMultiplierScalesEveryYearlyRate() {
        FaultProfile day = FaultProfile.defaults().withRateMultiplier(365);
        assertEquals(4.0 / 86_400, day.perSecond(4), 1e-15, "4 a year at 365x is 4 a day");
    }

    @Test
    void faultModeWeightsCoverEveryFault() {
        double sum = 0;
        for (FaultMode m : FaultMode.values()) {
            sum += m.weight();
        }
        assertEquals(1.0, sum, 1e-9);
        assertEquals(FaultMode.SINGLE_BIT, FaultMode.pick(0.0));
        assertEquals(FaultMode.CHANNEL, FaultMode.pick(0.999));
    }
}
