# Shared by the bin/ scripts: find java, then run a main class from lib/.
# Sourced with MAIN and self (the resolved path of the calling script) set, and optionally DEFAULT_HEAP,
# DEFAULT_GC and CDS_ARCHIVE; POSIX sh.

MCELOG_JAVA_HOME=$(cd "$(dirname "$self")/.." && pwd -P)

# A failure to find java is one line naming what was tried, exit 1 (the convention of every command).
if [ -n "$JAVA_HOME" ]; then
    JAVA=$JAVA_HOME/bin/java
    if [ ! -x "$JAVA" ]; then
        echo "$(basename "$0"): cannot run $JAVA: no such executable (from JAVA_HOME); set JAVA_HOME to a JDK 17 or unset it" >&2
        exit 1
    fi
else
    JAVA=$(command -v java || true)
    if [ -z "$JAVA" ]; then
        echo "$(basename "$0"): cannot find java on PATH: install a JDK 17 or set JAVA_HOME" >&2
        exit 1
    fi
fi

# The tree's Log4j2 configuration (the simulator's own and kernel log) unless JAVA_OPTS names another:
# a later -D wins, so JAVA_OPTS comes after it.
LOG_CONFIG=
if [ -r "$MCELOG_JAVA_HOME/conf/log4j2.xml" ]; then
    LOG_CONFIG=-Dlog4j2.configurationFile=$MCELOG_JAVA_HOME/conf/log4j2.xml
fi

# The classpath: every jar of lib/, in the order the shell lists them (also the order cds/train.sh
# archived them in).
JARS=
for jar in "$MCELOG_JAVA_HOME"/lib/*.jar; do
    JARS=${JARS:+$JARS:}$jar
done

# A script's class-data sharing archive (CDS_ARCHIVE=NAME: cds/NAME.jsa, written by cds/train.sh at
# package time), when it exists, fits this java and these jars (cds/NAME.stamp), and JAVA_OPTS makes
# no choice of its own about sharing. The JVM would refuse any other archive with a warning.
CDS=
if [ -n "${CDS_ARCHIVE:-}" ] && [ -r "$MCELOG_JAVA_HOME/cds/$CDS_ARCHIVE.jsa" ] \
        && [ -r "$MCELOG_JAVA_HOME/cds/$CDS_ARCHIVE.stamp" ]; then
    case " $JAVA_OPTS " in
        *" -Xshare:"*|*"SharedArchiveFile"*|*"ArchiveClassesAtExit"*) ;;
        *)
            . "$MCELOG_JAVA_HOME/cds/stamp.sh"
            if [ "$(mcelog_cds_stamp "$JAVA" "$JARS")" = "$(cat "$MCELOG_JAVA_HOME/cds/$CDS_ARCHIVE.stamp")" ]; then
                CDS=-XX:SharedArchiveFile=$MCELOG_JAVA_HOME/cds/$CDS_ARCHIVE.jsa
            fi ;;
    esac
fi

# Netty's buffer allocators report to JDK Flight Recorder when it is available, and finding that out
# loads JFR (measured: about a third of the daemon's start-up, BENCHMARKS.md). JAVA_OPTS can turn it
# back on (-Dio.netty.jfr.enabled=true: a later -D wins).
NETTY_JFR=-Dio.netty.jfr.enabled=false

# The native libraries of Netty's epoll transport, sqlite-jdbc and jffi, from lib/native/ when the tree has
# them for this machine: each would otherwise copy itself out of its jar into the temporary directory at
# every start (a copy a killed process leaves there; no start at all where /tmp is mounted noexec).
# Netty looks in java.library.path, which the JVM begins with LD_LIBRARY_PATH (the JDK's own directories
# follow); sqlite-jdbc and jffi are told the directory. The daemon's triggers get an environment of their own.
NATIVE=$MCELOG_JAVA_HOME/lib/native/linux-$(uname -m)
if [ -d "$NATIVE" ]; then
    LD_LIBRARY_PATH=$NATIVE${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export LD_LIBRARY_PATH
else
    NATIVE=
fi

# A script's default heap and collector (DEFAULT_HEAP, DEFAULT_GC), unless JAVA_OPTS chooses its own:
# a second collector would make the JVM refuse to start.
case " $JAVA_OPTS " in *" -Xmx"*|*" -Xms"*) DEFAULT_HEAP= ;; esac
case " $JAVA_OPTS " in *" -XX:+Use"*"GC"*) DEFAULT_GC= ;; esac

# shellcheck disable=SC2086 # JAVA_OPTS and the defaults are lists of options by design
exec "$JAVA" ${CDS:+"$CDS"} $NETTY_JFR ${LOG_CONFIG:+"$LOG_CONFIG"} ${DEFAULT_HEAP:-} ${DEFAULT_GC:-} \
    ${NATIVE:+"-Dorg.sqlite.lib.path=$NATIVE"} ${NATIVE:+"-Djffi.boot.library.path=$NATIVE"} $JAVA_OPTS \
    -Dmcelog.java.home="$MCELOG_JAVA_HOME" -cp "$JARS" "$MAIN" "$@"
