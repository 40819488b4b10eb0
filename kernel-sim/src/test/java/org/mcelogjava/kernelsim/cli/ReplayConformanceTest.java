package org.mcelogjava.kernelsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcelogjava.kernelsim.inject.InjectSource;
import org.mcelogjava.kernelsim.mca.KernelProfile;

/**
 * Every example of shared/examples/inject (copied to test resources) through {@code replay},
 * compared with its {@code .expect} file as the examples README defines: outcome, severity,
 * message, panic_message, exception_message and the logged records, in order. Cases marked
 * {@code ser: any} also run on a non-SER CPU against their {@code noser.*} values. A case whose
 * outcome depends on how the mce-inject module orders the writes of the tool's per-CPU threads has
 * a second expectation, {@code NAME.mutex.expect}, for the kernel option that serialises them
 * ({@code --inject-mutex}, inject.c's {@code mce_inject_mutex}); {@code NAME.expect} is the default,
 * concurrent reading.
 */
class ReplayConformanceTest {

    static final List<String> CASES = List.of(
            "mce-inject.corrected", "non-panic.corrected", "panic.fatal", "panic.fatal_timeout",
            "panic_npcc.uc_no_mcip", "panic_npcc.unknown", "panic_ucr.s0_ar1", "poll_noser.uc_poll",
            "poll_ucr.ucna", "recoverable_ucr.srao_corrected", "recoverable_ucr.srao_mem_scrub",
            "recoverable_ucr.srar_usr_dcu_nmi",
            // more mce-test inputs, on the #MC path's "Not enabled" and UCNA grades and on
            // process-context HOLD records (resources README: "Added cases")
            "panic.fatal_no_en", "panic_ucr.srar_no_en", "recoverable_ucr.srao_no_en", "non-panic.corrected_no_en",
            "panic_noser.uc_over", "panic_noser.uc_over_timeout", "panic_noser.uc_over_corrected",
            "poll_ucr.ucna_over", "recoverable_ucr.srao_ucna");

    /** Cases with a {@code .mutex.expect}: process-context HOLD records meeting the trigger or not. */
    static final List<String> MUTEX_CASES = List.of("panic_noser.uc_over_corrected");

    static Stream<Arguments> variants() throws IOException {
        return variants(CASES, ".expect");
    }

    static Stream<Arguments> mutexVariants() throws IOException {
        return variants(MUTEX_CASES, ".mutex.expect");
    }

    private static Stream<Arguments> variants(List<String> cases, String suffix) throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String name : cases) {
            InjectExpectation e = new InjectExpectation(resource(name + suffix));
            switch (e.ser()) {
                case "1" -> out.add(Arguments.of(name, true));
                case "0" -> out.add(Arguments.of(name, false));
                default -> {
                    out.add(Arguments.of(name, true));
                    out.add(Arguments.of(name, false));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} ser={1}")
    @MethodSource("variants")
    void replayMatchesExpectation(String name, boolean ser) throws IOException {
        assertReplay(name, ser, false, new InjectExpectation(resource(name + ".expect")));
    }

    @ParameterizedTest(name = "{0} ser={1} --inject-mutex")
    @MethodSource("mutexVariants")
    void replayWithTheInjectMutexMatchesTheSerialisedExpectation(String name, boolean ser) throws IOException {
        assertReplay(name, ser, true, new InjectExpectation(resource(name + ".mutex.expect")));
    }

    private static void assertReplay(String name, boolean ser, boolean mutex, InjectExpectation e) throws IOException {
        String prefix = ser || !e.ser().equals("any") ? "" : "noser.";
        ReplayOptions opt = new ReplayOptions(4, ser, KernelProfile.V6_12, true, name + ".inject", mutex);
        ReplayCommand.Result r = ReplayCommand.run(opt, new InjectSource(name + ".inject", resource(name + ".inject")));
        Map<String, Object> json = r.json();

        assertEquals(0, r.exitCode());
        assertEquals(e.derived(prefix, "outcome"), json.get("outcome"), "outcome");
        assertEquals(e.derived(prefix, "severity"), json.get("severity"), "severity");
        assertEquals(e.derived(prefix, "message"), json.get("message"), "message");
        assertEquals(e.derived(prefix, "panic_message"), json.get("panic_message"), "panic_message");
        assertEquals(e.derived(prefix, "exception_message"), json.get("exception_message"), "exception_message");
        assertEquals(e.logged(prefix), normalise(json.get("logged")), "logged");
    }

    /** The JSON records in the .expect notation. */
    static List<String> normalise(Object logged) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) logged) {
            Map<?, ?> m = (Map<?, ?>) o;
            long cs = Long.decode((String) m.get("cs"));
            out.add(String.format("cpu=%s bank=%s status=%s mcgstatus=%s misc=%s addr=%s rip=0x%02x:%s severity=%s",
                    m.get("cpu"), m.get("bank"), m.get("status"), m.get("mcgstatus"), m.get("misc"), m.get("addr"),
                    cs, m.get("ip"), m.get("severity")));
        }
        return out;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ReplayConformanceTest.class.getResourceAsStream("/inject/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /inject/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
