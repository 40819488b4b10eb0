# Sourced by bin/launcher.sh and cds/train.sh (POSIX sh): what a class-data sharing archive of this
# tree depends on, as one line. The JVM checks an archive against the JVM build that wrote it and
# against the classpath's jars (their order, sizes and times) and refuses it otherwise, with a
# warning on stderr; the launcher passes cds/NAME.jsa only when cds/NAME.stamp equals this line now,
# so a mismatch never reaches the JVM.
# $1: the java executable; $2: the classpath (jars joined with ':').
mcelog_cds_stamp() {
    _jvm=$(readlink -f "$1")
    # the JVM's own library, then every jar in classpath order: name, size, modification time
    (IFS=:; stat -L -c '%n %s %Y' "${_jvm%/bin/java}/lib/server/libjvm.so" $2 2>/dev/null) | tr '\n' ' '
}
