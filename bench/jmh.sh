#!/bin/sh
# bench/jmh.sh [JMH ARGS]: the JMH benchmarks of the in-process hot paths (struct mce encode/decode,
# each decoder family, mcelog's text, the stream's JSON). Not part of the test command.
#   bench/jmh.sh                      # everything (about 2 minutes on 2 cores)
#   bench/jmh.sh MceCodecBench        # one class; any JMH option works, e.g. -f 3 -wi 5
set -eu
top=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$top"
mvn -B -q -DskipTests install
mvn -B -q -o -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/tmp/mcelog-java-bench.cp
exec java -cp "benchmarks/target/classes:$(cat /tmp/mcelog-java-bench.cp)" org.openjdk.jmh.Main "$@"
