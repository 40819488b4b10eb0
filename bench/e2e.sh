#!/bin/sh
# bench/e2e.sh [N [PHASES]]: the end-to-end load tool (issue #8): throughput inject -> device -> daemon -> log
# file for N records (default 500,000) with logs of 32 and 1,024 slots, latency at 1,000 records/s,
# 1,000 JSON stream readers + 1 stalled reader for N/100 records, and the idle cost of mce-sim + mcelog
# over 60 s (PHASES: comma list of throughput,latency,readers,idle).
# About 2 minutes. Not part of the test command. The daemon and mce-sim get $JAVA_OPTS.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$top"
mvn -B -q -DskipTests install
mvn -B -q -o -pl dist test-compile
mvn -B -q -o -pl dist dependency:build-classpath -Dmdep.outputFile=/tmp/mcelog-java-dist.cp
exec java -cp "dist/target/test-classes:$(cat /tmp/mcelog-java-dist.cp)" org.mcelogjava.it.EndToEndBench "${1:-500000}" dist/target/mcelog-java "${2:-throughput,latency,readers,idle}"
