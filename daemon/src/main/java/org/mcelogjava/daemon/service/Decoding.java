package org.mcelogjava.daemon.service;

import java.time.ZoneId;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.mcelogjava.daemon.decode.AmdDecoding;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.CtimeText;
import org.mcelogjava.daemon.decode.DeviceRecordPrinter;
import org.mcelogjava.daemon.decode.DimmMap;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.decode.MceTextFormatter;
import org.mcelogjava.daemon.decode.RawMceFormatter;

/**
 * How the device's records are decoded and printed, as the command line chose: the CPU type
 * (forced with {@code --cpu}, or the start-up check's, else the default), the AMD choice, iMC
 * logging, the zone TIME lines are shown in, {@code --cpumhz}, {@code --raw} and
 * {@code --num-errors}. Both modes (one read, the daemon) build their record processor from it.
 *
 * @param cpuType   the CPU type records are decoded as until their CPUID says otherwise
 * @param cpuForced {@code --cpu}: the type does not follow the records
 * @param numErrors stop after this many records; 0 for no limit
 */
public record Decoding(CpuType cpuType, boolean cpuForced, AmdDecoding amd, boolean imcLog, ZoneId zone,
                       OptionalDouble cpuMhz, boolean raw, long numErrors) {

    /** The record processor over {@code sink}, deciding with {@code policies}, placing memory errors on {@code dimms}. */
    RecordProcessor processor(DimmMap dimms, RecordSink sink, Consumer<String> text, Consumer<String> errors,
                              RecordProcessor.Policies policies, LongSupplier wallClock) {
        MceTextFormatter formatter = new MceTextFormatter(new CtimeText(zone), cpuMhz);
        return new RecordProcessor(new MceDecoder(new CpuTypeTracker(cpuType, cpuForced, errors, amd),
                new CpuDecoders(), imcLog, dimms), new DeviceRecordPrinter(formatter, new RawMceFormatter(), raw),
                sink, text, errors, wallClock, numErrors, policies);
    }
}
