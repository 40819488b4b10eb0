package org.mcelogjava.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The daemon's layout as its README draws it: packages without cycles, no kernel-sim code in the
 * daemon (the two sides meet only in {@code protocol}), and rules ({@code policy}) that hold no
 * I/O: no files, sockets, Netty, device connections or child processes; the executors in
 * {@code act} do that. Log4j2 is the rolling log file's alone, so a daemon that does not roll its
 * log starts without loading it (BENCHMARKS.md, start-up).
 */
class LayoutTest {

    private static final JavaClasses DAEMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mcelogjava.daemon");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.mcelogjava.daemon.(*)..").should().beFreeOfCycles().check(DAEMON);
    }

    @Test
    void theDaemonNeverUsesTheSimulatorsCode() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.mcelogjava.kernelsim..").check(DAEMON);
    }

    @Test
    void policiesHoldNoIo() {
        noClasses().that().resideInAPackage("org.mcelogjava.daemon.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "io.netty..",
                        "org.mcelogjava.client..")
                .orShould().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)
                .check(DAEMON);
    }

    @Test
    void onlyTheRollingLogFileUsesLog4j() {
        noClasses().that().doNotHaveFullyQualifiedName("org.mcelogjava.daemon.sink.RollingLogFile")
                .and().doNotHaveFullyQualifiedName("org.mcelogjava.daemon.sink.RollingLogFile$RollingBuilder")
                .and().doNotHaveFullyQualifiedName("org.mcelogjava.daemon.sink.RollingLogFile$QuietConfiguration")
                .should().dependOnClassesThat().resideInAPackage("org.apache.logging..")
                .check(DAEMON);
    }
}
