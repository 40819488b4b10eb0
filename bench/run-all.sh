#!/bin/sh
# bench/run-all.sh [RUNS]: reruns the figures of BENCHMARKS.md on this machine and prints them.
# Not part of the test command: it takes a few minutes and its numbers depend on the machine's load.
#
#   1. mcelog --ascii on 200,000 records, whole process, RUNS times (default 5), median wall time.
#      The input comes from the shared benchmark generator (../shared/bench/gen-big.sh beside the
#      checkout), or from $BIG_INPUT if set.
#   2. mce-sim bench 10000: poll timers of 1,024 CPUs x 32 banks through a day, 256-CPU rendezvous.
#   3. DeviceBench: wake-up latency, device throughput, idle cost, 1,000 idle connections.
#   4. bench/e2e.sh: inject -> device -> daemon -> log file throughput, latency, idle (about 2 minutes).
#   5. bench/jmh.sh: the JMH benchmarks (about 6 minutes).
set -eu
runs=${1:-5}
top=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$top"
echo "== build"
mvn -B -q -DskipTests install
tree=dist/target/mcelog-java
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"

big=${BIG_INPUT:-/tmp/mcelog-java-big.in}
if [ ! -s "$big" ]; then
    gen="$top/../shared/bench/gen-big.sh"
    [ -x "$gen" ] || [ -r "$gen" ] || { echo "no input: set BIG_INPUT or provide $gen" >&2; exit 1; }
    bash "$gen" 200000 "$big" > /dev/null
fi
echo "== mcelog --ascii, $(wc -l < "$big") lines, $runs runs"
times=""
i=0
while [ $i -lt "$runs" ]; do
    t=$( { /usr/bin/time -f "%e" "$tree/bin/mcelog" --no-dmi --ascii < "$big" > /tmp/mcelog-java-big.out; } 2>&1 )
    times="$times $t"
    i=$((i + 1))
done
echo "wall seconds:$times"
echo "median: $(echo $times | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') s;" \
    "output md5 $(md5sum < /tmp/mcelog-java-big.out | cut -c1-32)"

echo "== mce-sim bench 10000"
"$tree/bin/mce-sim" bench 10000

echo "== DeviceBench"
mvn -B -q -o -pl kernel-sim test-compile
mvn -B -q -o -pl kernel-sim dependency:build-classpath -Dmdep.outputFile=/tmp/mcelog-java-ks.cp
java -cp "kernel-sim/target/test-classes:kernel-sim/target/classes:$(cat /tmp/mcelog-java-ks.cp)" \
    org.mcelogjava.kernelsim.bench.DeviceBench 1000

echo "== end to end (bench/e2e.sh)"
"$top/bench/e2e.sh" 500000

echo "== JMH (bench/jmh.sh)"
"$top/bench/jmh.sh"
