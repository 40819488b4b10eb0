package org.mcelogjava.bench.jmh;

import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalDouble;
import org.mcelogjava.daemon.decode.CpuDecoders;
import org.mcelogjava.daemon.decode.CpuType;
import org.mcelogjava.daemon.decode.CpuTypeTracker;
import org.mcelogjava.daemon.decode.CtimeText;
import org.mcelogjava.daemon.decode.DecodedMce;
import org.mcelogjava.daemon.decode.DeviceRecordPrinter;
import org.mcelogjava.daemon.decode.MceDecoder;
import org.mcelogjava.daemon.decode.MceTextFormatter;
import org.mcelogjava.daemon.decode.RawMceFormatter;
import org.mcelogjava.daemon.decode.TextBuffer;
import org.mcelogjava.daemon.sink.StreamRecords;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.stream.StreamJson;
import org.mcelogjava.protocol.stream.StreamRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One record through each decoder family (the CPU type forced, as {@code --cpu} does): decoding,
 * decoding plus mcelog's text, and the JSON line a stream reader gets.
 */
@State(Scope.Thread)
public class DecoderBench extends ShortForks {

    @Param({"GENERIC", "K8", "CORE2", "NEHALEM", "SANDY_BRIDGE_EP", "HASWELL_EPEX", "BROADWELL_DE", "SKYLAKE_XEON",
        "ICELAKE_XEON", "SAPPHIRERAPIDS", "GRANITERAPIDS", "DIAMONDRAPIDS", "DENVERTON"})
    public String cpu;

    private MceDecoder decoder;
    private DeviceRecordPrinter printer;
    private final Mce mce = Records.memoryRead();
    private final TextBuffer text = new TextBuffer(2048);
    private final StreamJson json = new StreamJson();
    private final StreamRecords streamRecords = new StreamRecords();
    private StreamRecord streamRecord;

    @Setup
    public void setUp() {
        decoder = new MceDecoder(new CpuTypeTracker(CpuType.valueOf(cpu), true, line -> { }), new CpuDecoders());
        printer = new DeviceRecordPrinter(new MceTextFormatter(new CtimeText(ZoneOffset.UTC), OptionalDouble.empty()),
                new RawMceFormatter(), false);
        DecodedMce decoded = decoder.decode(mce, 128);
        printer.print(decoded, 0, text);
        streamRecord = streamRecords.next(decoded, text.toString(), List.of(), List.of());
    }

    @Benchmark
    public DecodedMce decode() {
        return decoder.decode(mce, 128);
    }

    @Benchmark
    public TextBuffer decodeAndPrint() {
        text.clear();
        printer.print(decoder.decode(mce, 128), 0, text);
        return text;
    }

    @Benchmark
    public String json() {
        return json.record(streamRecord);
    }
}
