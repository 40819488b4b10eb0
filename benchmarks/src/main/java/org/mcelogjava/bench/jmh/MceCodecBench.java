package org.mcelogjava.bench.jmh;

import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** struct mce: a 128-byte record encoded from and decoded to the value type. */
@State(Scope.Thread)
public class MceCodecBench extends ShortForks {

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
