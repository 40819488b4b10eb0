package org.mcelogjava.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every benchmark here runs with (JMH takes them from the superclass): average time in
 * nanoseconds, 3 warm-up and 5 measured one-second iterations in one fork.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A young generation small enough to be collected during a run: with the default (a quarter of
// 24 GiB) no GC happens in a short fork, and every allocation lands on never-touched memory whose
// page faults cost ~1 us per record, which a long-running daemon does not pay.
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Xmn64m"})
public abstract class ShortForks {
}
