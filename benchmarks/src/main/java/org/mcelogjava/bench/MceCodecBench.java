package org.mcelogjava.bench;

import java.util.concurrent.TimeUnit;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** struct mce: a 128-byte record encoded from and decoded to the value type. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A young generation small enough to be collected during a run: with the default (a quarter of
// 24 GiB) no GC happens in a short fork, and every allocation lands on never-touched memory whose
// page faults cost ~1 us per record, which a long-running daemon does not pay.
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Xmn64m"})
public class MceCodecBench {

    private final Mce mce = Records.memoryRead();
    private final byte[] bytes = MceCodec.encode(mce, 128);
    private final byte[] out = new byte[128];

    @Benchmark
    public Mce decode() {
        return MceCodec.decode(bytes, 0, 128);
    }

    @Benchmark
    public byte[] encode() {
        MceCodec.encode(mce, out, 0, 128);
        return out;
    }
}
