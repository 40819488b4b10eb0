package org.mcelogjava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void theBuildStampsTheProjectVersion() {
        assertTrue(Version.MCELOG_JAVA.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), Version.MCELOG_JAVA);
    }

    @Test
    void theBannerNamesTheProgramTheProjectItsVersionAndMcelog() {
        assertEquals("mce-sim (mcelog-java) " + Version.MCELOG_JAVA + "\ncompatible with mcelog v208\n",
                Version.banner("mce-sim"));
        assertEquals("mce-inject/" + Version.MCELOG_JAVA, Version.identity("mce-inject"));
    }
}
