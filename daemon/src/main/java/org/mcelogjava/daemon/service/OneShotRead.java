package org.mcelogjava.daemon.service;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.daemon.config.LogRolling;
import org.mcelogjava.daemon.decode.DimmMap;
import org.mcelogjava.daemon.device.CannotOpen;
import org.mcelogjava.daemon.device.RecordDevice;
import org.mcelogjava.daemon.device.StartupDevice;

/**
 * {@code mcelog} without {@code --daemon}: reads what is pending on the device once, prints it
 * (decoded text to stdout, or to the log file when one is given, or to syslog) and exits, as mcelog
 * does with /dev/mcelog. No policies: nothing is accounted, triggered or offlined.
 *
 * @param logfile  where decoded text goes, if not stdout
 * @param syslog   {@code --syslog}: decoded text and errors go to this syslog socket instead of stdout
 * @param syslogTextLevel syslog severity of decoded text
 * @param decoding how records are decoded and printed
 */
public record OneShotRead(Optional<Path> logfile, Optional<Path> syslog, int syslogTextLevel, Decoding decoding) {

    /**
     * Reads once from {@code device}: the simulator's socket on the connection the start-up checks
     * used, or a device file with the system calls; closes it at the end and returns the exit status.
     */
    public int run(StartupDevice device, OutputStream stdout, PrintStream stderr) {
        Path path = device.operand().path();
        OutputChannels out;
        try {
            out = OutputChannels.open(logfile, LogRolling.NONE, syslog, syslogTextLevel, false,
                    new PrintStream(stdout, true, StandardCharsets.ISO_8859_1), stderr);
        } catch (IOException e) {
            device.close();
            stderr.print("mcelog: " + e.getMessage() + "\n");
            return 1;
        }
        try (out; device; RecordDevice records = device.open(false)) {
            decoding.processor(DimmMap.NONE, (decoded, outcome, text) -> out.text().accept(text), out.text(), out.errors(),
                    RecordProcessor.Policies.NONE, () -> System.currentTimeMillis() / 1000).process(records.read());
            return 0;
        } catch (IOException e) {
            out.errors().accept(CannotOpen.line(path, IoReason.of(e)));
            return 1;
        } catch (DeviceException e) {
            out.errors().accept(CannotOpen.line(path, e.getMessage()));
            return 1;
        }
    }
}
