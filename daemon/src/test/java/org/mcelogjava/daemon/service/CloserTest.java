package org.mcelogjava.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daemon's parts stop in the reverse of the order they started, whatever fails on the way. */
class CloserTest {

    @Test
    void partsStopLastFirstAndAFailureIsReportedByNameWithoutStoppingTheRest() {
        List<String> stopped = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Closer closer = new Closer(errors::add);
        closer.add("the pidfile", () -> stopped.add("pidfile"));
        closer.add("the log journal", () -> {
            throw new IOException("Input/output error");
        });
        closer.add("the client socket", () -> stopped.add("client socket"));
        closer.close();
        closer.close();
        assertEquals(List.of("client socket", "pidfile"), stopped);
        assertEquals(List.of("cannot stop the log journal: Input/output error"), errors);
    }
}
