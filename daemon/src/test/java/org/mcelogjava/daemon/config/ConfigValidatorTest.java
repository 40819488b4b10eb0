package org.mcelogjava.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigValidatorTest {

    private static final Set<String> LONG_OPTIONS = Set.of("daemon", "logfile", "cpu", "num-errors", "filter", "amd-compat");

    @TempDir
    Path dir;
    private Path conf;

    @BeforeEach
    void triggers() throws IOException {
        Path trigger = dir.resolve("dump-env");
        Files.writeString(trigger, "#!/bin/sh\nenv\n");
        Files.setPosixFilePermissions(trigger, PosixFilePermissions.fromString("rwxr-xr-x"));
        conf = dir.resolve("mcelog.conf");
    }

    private McelogConfig validate(String text) throws IOException, ConfigException {
        Files.writeString(conf, text);
        return ConfigValidator.validate(ConfigFile.read(conf), LONG_OPTIONS);
    }

    private String refusal(String text) {
        return assertThrows(ConfigException.class, () -> validate(text)).getMessage();
    }

    @Test
    void theCapturedDaemonConfigurationValidates() throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/config/d2-mcelog.conf")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("/run/mcelog-example/d2/trig", dir.toString());
        }
        McelogConfig c = validate(text);
        assertEquals(Optional.of(Path.of("/run/mcelog-example/d2/sock")), c.server().socketPath());
        assertEquals(Optional.of(true), c.dimm().trackingEnabled());
        assertFalse(c.dimm().dmiPrepopulate());
        assertEquals("2 / 24h", c.dimm().ceError().threshold().orElseThrow().toString());
        assertEquals(Optional.of("dump-env"), c.dimm().ceError().trigger());
        assertTrue(c.dimm().ceError().log());
        assertEquals(3, c.socket().memCeError().threshold().orElseThrow().capacity());
        assertEquals(Optional.of("dump-env"), c.socket().iomcaTrigger());
        assertEquals(McelogConfig.PageAction.ACCOUNT, c.page().action());
        assertEquals(16, c.triggers().childrenMax());
        assertEquals(Optional.of(dir), c.triggers().directory());
    }

    @Test
    void defaultsAreMcelogs() throws Exception {
        McelogConfig c = validate("");
        assertEquals(McelogConfig.defaults(), c);
        assertEquals("root", c.server().clientUser());
        assertEquals(Optional.of(Path.of("/var/run/mcelog-client")), c.server().socketPath());
        assertEquals(4, c.triggers().childrenMax());
        assertEquals(Duration.ofSeconds(60), c.triggers().timeout());
        assertTrue(c.cache().log());
        assertFalse(c.page().memoryCe().enabled());
    }

    @Test
    void globalKeysNamingLongOptionsAreHandedToTheCommandLine() throws Exception {
        McelogConfig c = validate("daemon = yes\nlogfile = /tmp/x # comment\n[server]\nsocket-path =\n");
        assertEquals(Map.of("daemon", "yes", "logfile", "/tmp/x"), c.options());
        assertEquals(Optional.empty(), c.server().socketPath(), "an empty socket-path means no server");
    }

    @Test
    void theMetricsEndpointIsOffUnlessAnAddressIsGiven() throws Exception {
        assertEquals(Optional.empty(), validate("").metrics().listen());
        assertEquals(9177, validate("[metrics]\nlisten = 127.0.0.1:9177\n").metrics().listen().orElseThrow().getPort());
        assertTrue(refusal("[metrics]\nlisten = localhost\n").startsWith(conf + ":2: [metrics] listen = localhost: expected host:port"));
    }

    @Test
    void theLiveReportIsOffUnlessAnAddressIsGivenAndNeedsTheHistory() throws Exception { // issue 18
        assertEquals(Optional.empty(), validate("[history]\ndatabase = /tmp/h.db\n").history().report());
        assertEquals(9178, validate("[history]\ndatabase = /tmp/h.db\n[report]\nlisten = 127.0.0.1:9178\n")
                .history().report().orElseThrow().getPort());
        assertEquals(conf + ":2: [report] listen = 127.0.0.1:9178: the live report shows the history: set [history] database",
                refusal("[report]\nlisten = 127.0.0.1:9178\n"));
    }

    @Test
    void theHistoryIsOffUnlessADatabaseIsGiven() throws Exception {
        assertEquals(Optional.empty(), validate("").history().database());
        assertEquals(Optional.empty(), validate("[history]\ndatabase =\n").history().database());
        assertEquals("/var/lib/mcelog-java/history.db",
                validate("[history]\ndatabase = /var/lib/mcelog-java/history.db\n").history().database().orElseThrow().toString());
        assertTrue(refusal("[history]\npath = /x\n").startsWith(conf + ":2: unknown key"), refusal("[history]\npath = /x\n"));
    }

    @Test
    void amdCompatIsTheCommandLinesAmdCompatAppliedBeforeTheArguments() throws Exception {
        assertEquals(Map.of(), validate("").options(), "no [amd]: the command line's default, smca");
        assertEquals(Map.of("amd-compat", "mcelog"), validate("[amd]\ncompat = mcelog\n").options());
        assertEquals(Map.of("amd-compat", "smca"), validate("[amd]\ncompat = SMCA\n").options());
    }

    @Test
    void theLogIsRolledOnlyWhenASizeOrAPeriodIsGiven() throws Exception {
        assertFalse(validate("").logRolling().enabled());
        assertFalse(validate("[logfile]\nroll-period = none\nroll-size = 0\n").logRolling().enabled());
        LogRolling r = validate("[logfile]\nroll-size = 100M\nroll-period = Hourly\nroll-keep = 3\n").logRolling();
        assertEquals(100L << 20, r.maxBytes());
        assertEquals(Optional.of(LogRolling.Period.HOURLY), r.period());
        assertEquals(3, r.keep());
        assertEquals(512L << 10, validate("[logfile]\nroll-size = 512k\n").logRolling().maxBytes());
        assertEquals(4096, validate("[logfile]\nroll-size = 4096\n").logRolling().maxBytes());
        assertEquals(7, validate("[logfile]\nroll-period = daily\n").logRolling().keep());
        assertTrue(refusal("[logfile]\nroll-size = 10T\n").contains("[logfile] roll-size = 10T: expected a size"));
        assertTrue(refusal("[logfile]\nroll-size = 99999999999999G\n").contains("expected a size"));
        assertTrue(refusal("[logfile]\nroll-period = weekly\n").contains("expected none, hourly or daily"));
        assertTrue(refusal("[logfile]\nroll-keep = 0\n").contains("expected a number from 1 to 1000"));
    }

    @Test
    void theFirstOccurrenceOfAKeyCounts() throws Exception {
        McelogConfig c = validate("[trigger]\nchildren-max = 2\nchildren-max = 9\n");
        assertEquals(2, c.triggers().childrenMax());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[dimm]\\nce-error-threshold = 10 / 60s                | :2: [dimm] ce-error-threshold = 10 / 60s: unparseable threshold",
            "[dimm]\\ndimm-tracking-enabled = maybe                | :2: [dimm] dimm-tracking-enabled = maybe: expected yes/no",
            "[trigger]\\nchildren-max = many                        | :2: [trigger] children-max = many: expected a whole number",
            "[trigger]\\nchildren-max = 0                           | :2: [trigger] children-max = 0: expected a number from 1",
            "[page]\\nmemory-ce-action = offline                   | :2: [page] memory-ce-action = offline: expected off, account",
            "[cache]\\ncache-threshold-trigger = /no/such/trigger  | :2: [cache] cache-threshold-trigger = /no/such/trigger: trigger /no/such/trigger is not an executable file",
            "[dimm]\\nce-eror-threshold = 1 / 1h                   | :2: unknown key [dimm] ce-eror-threshold",
            "[dim]\\nce-error-threshold = 1 / 1h                   | :2: unknown section [dim]",
            "bogus = 1                                             | :1: unknown key bogus",
            "[dimm\\n                                              | :1: header without ending ]",
            "[dimm] x\\n                                           | :1: left over characters after the header [dimm]",
            "[dimm]\\njust words\\n                                | :2: line is neither a field",
            "[server]\\nlisten-backlog = -1                        | :2: [server] listen-backlog = -1: expected a number from 1",
            "[amd]\\ncompat = intel                              | :2: [amd] compat = intel: expected smca or mcelog",
            "[amd]\\nmode = mcelog                               | :2: unknown key [amd] mode",
            "amd-compat = mcelog\\n[amd]\\ncompat = smca            | :3: [amd] compat = smca: the global key amd-compat says the same: keep one of them",
    })
    void refusesWithFileLineAndKey(String text, String expected) {
        String message = refusal(text.replace("\\n", "\n"));
        assertTrue(message.startsWith(conf + expected.strip()), message);
    }

    @Test
    void relativeTriggersAreFoundInTheTriggerDirectory() throws Exception {
        McelogConfig c = validate("[trigger]\ndirectory = " + dir + "\n[cache]\ncache-threshold-trigger = dump-env\n");
        assertEquals(Optional.of("dump-env"), c.cache().trigger());
        assertTrue(refusal("[cache]\ncache-threshold-trigger = dump-env\n").contains("not an executable file"));
    }

    @Test
    void everyLineIsCheckedNotJustTheFirstProblem() {
        List<String> keys = List.of("children-max = x", "timeout = 0", "queue-max = -5");
        for (String k : keys) {
            assertTrue(refusal("[trigger]\n" + k + "\n").startsWith(conf + ":2: [trigger] "), k);
        }
    }

    /**
     * Every key the shipped mcelog.conf documents (set or commented out), given a value of the
     * wrong kind for it, is refused with FILE:LINE, section and key. Free-text keys (paths, names,
     * the CPU) have no wrong kind and are left out.
     */
    @Test
    void everyDocumentedKeyWithAMalformedValueIsRefusedNamingItsLine() throws IOException {
        List<String> shipped = Files.readAllLines(Path.of("../dist/src/main/dist/conf/mcelog.conf"));
        java.util.regex.Pattern field = java.util.regex.Pattern.compile("^#? ?([a-z0-9-]+) = (\\S+)");
        String section = "";
        int checked = 0;
        for (String line : shipped) {
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
                continue;
            }
            java.util.regex.Matcher m = field.matcher(line);
            if (!m.find()) {
                continue;
            }
            String key = m.group(1);
            String value = m.group(2);
            String bad = key.endsWith("-trigger") ? "/no/such/trigger"
                    : key.endsWith("-action") ? "sometimes"
                    : value.equals("yes") || value.equals("no") ? "maybe"
                    : value.matches("[0-9]+") ? "many"
                    : line.contains(" / ") ? "10 / fortnight"
                    : key.equals("listen") ? "localhost:http" : null;
            if (bad == null) {
                continue;
            }
            String header = section.isEmpty() ? "" : "[" + section + "]\n";
            int lineNo = section.isEmpty() ? 1 : 2;
            String name = section.isEmpty() ? key : "[" + section + "] " + key;
            String message = refusal(header + key + " = " + bad + "\n");
            assertTrue(message.startsWith(conf + ":" + lineNo + ": " + name + " = " + bad + ": "), message);
            checked++;
        }
        assertTrue(checked >= 30, "only " + checked + " keys checked");
    }
}
