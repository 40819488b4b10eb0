#!/bin/sh
# cds/train.sh: builds cds/mcelog.jsa, the class-data sharing archive that bin/mcelog starts with, from
# a training run of this tree: mce-sim run with one record waiting, then mcelog --daemon --foreground
# until the record is in its log file, stopped with SIGTERM; the JVM writes the classes it loaded at
# exit (-XX:ArchiveClassesAtExit). The archive fits only the java that wrote it ($JAVA_HOME, else
# the java on PATH, as the launchers find it) and these jars: cds/mcelog.stamp records both, and the
# launcher uses the archive only while they still match. The build runs it at package time; run it
# again after changing Java. Needs nothing but the tree; exit 1 with the reason when a step fails.
set -eu
tree=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d "${TMPDIR:-/tmp}/mcelog-cds.XXXXXX")
sim=
daemon=
cleanup() {
    [ -z "$daemon" ] || kill "$daemon" 2>/dev/null || true
    [ -z "$sim" ] || kill "$sim" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "cds/train.sh: $1" >&2
    for f in "$work"/*.err; do [ -s "$f" ] && sed "s|^|  $(basename "$f" .err): |" "$f" >&2; done
    exit 1
}
# waits up to 60 s for the shell condition $1
await() {
    i=0
    until eval "$1"; do
        i=$((i + 1))
        [ $i -le 600 ] || return 1
        sleep 0.1
    done
}

rm -f "$tree/cds/mcelog.jsa" "$tree/cds/mcelog.stamp"
# Run by a user other than root (a build as a user), that user administers the simulated machine (the
# kernel gives /dev/mcelog to root only) and owns the daemon's client socket, as in bin/mcelog-demo.
admin=
[ "$(id -u)" -eq 0 ] || admin="--admin-uid $(id -u)"
"$tree/bin/mce-sim" run --socket "$work/sim.sock" --cpus 2 $admin > "$work/sim.out" 2> "$work/sim.err" &
sim=$!
await '[ -S "$work/sim.sock" ]' || fail "mce-sim run did not open $work/sim.sock within 60 s"
echo 'CPU 0 BANK 1 STATUS CORRECTED ADDR 0x1234 MISC 0x8c POLL' \
    | "$tree/bin/mce-inject" --socket "$work/sim.sock" 2> "$work/inject.err" \
    || fail "mce-inject could not inject the training record"
printf '[server]\nsocket-path = %s\nclient-user = %s\n' "$work/client" "$(id -un)" > "$work/mcelog.conf"
JAVA_OPTS="${JAVA_OPTS:-} -XX:ArchiveClassesAtExit=$tree/cds/mcelog.jsa" "$tree/bin/mcelog" --daemon --foreground \
    --config-file "$work/mcelog.conf" --socket "$work/sim.sock" --logfile "$work/mcelog.log" \
    --pidfile "$work/mcelog.pid" > "$work/mcelog.out" 2> "$work/mcelog.err" &
daemon=$!
await 'grep -q "^CPUID" "$work/mcelog.log" 2>/dev/null' || fail "mcelog --daemon did not log the training record within 60 s"
kill -TERM "$daemon"
wait "$daemon" || true
daemon=
[ -s "$tree/cds/mcelog.jsa" ] || fail "the JVM wrote no archive to $tree/cds/mcelog.jsa"

# the stamp, computed as bin/launcher.sh computes it
. "$tree/cds/stamp.sh"
java=${JAVA_HOME:+$JAVA_HOME/bin/java}
java=${java:-$(command -v java)}
jars=
for jar in "$tree"/lib/*.jar; do jars=${jars:+$jars:}$jar; done
mcelog_cds_stamp "$java" "$jars" > "$tree/cds/mcelog.stamp"
