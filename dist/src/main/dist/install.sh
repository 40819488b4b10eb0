#!/bin/sh
# install.sh: install this mcelog-java tree, its systemd units and the Java they run on.
set -eu

usage() {
    cat <<'EOF'
Usage: ./install.sh [--prefix DIR] [--destdir DIR] [--java-home DIR]
Install this mcelog-java tree and its systemd units: mce-sim.service and mcelog.service (the
simulator and the daemon reading it), mcelog-hw.service (the daemon on a real machine's /dev/mcelog).

  --prefix DIR     where the tree lives once installed (default /opt/mcelog-java); the units and
                   conf/ are rewritten to name it. DIR must be empty or hold an earlier mcelog-java.
  --destdir DIR    stage everything under DIR instead of / (for packaging and tests)
  --java-home DIR  the Java the units run jsvc with; default $JAVA_HOME, else the java on PATH
                   resolved through its links. It must be Java 17 or later with lib/server/libjvm.so,
                   outside /home, /root and /tmp (the units hide those).
  -h, --help       this help
  --version        the version of this tree

Installs:
  PREFIX/            everything at the tree's top level (bin, lib, conf, modules, systemd, triggers,
                     and the documentation, README.md, LICENSE, NOTICE ...), except install.sh;
                     an earlier installation's files are replaced, except an edited conf/ file,
                     which is kept (the new one is written beside it as FILE.new)
  /etc/default/mcelog-java            JAVA_HOME=DIR, read by the units (EnvironmentFile=); run
                                      install.sh again, or edit it, when Java moves
  /etc/systemd/system/*.service       the units
  /etc/logrotate.d/mcelog-java        log rotation (reloads mcelog.service or mcelog-hw.service)
  /etc/tmpfiles.d/mcelog-java.conf    /run/mce-sim, /run/mcelog, /var/log/mcelog-java

Then: systemctl daemon-reload && systemctl enable --now mce-sim mcelog
On a real machine (a kernel with /dev/mcelog): systemctl enable --now mcelog-hw
EOF
}

usage_error() {
    echo "install.sh: $1" >&2
    echo "Try 'install.sh --help'." >&2
    exit 1
}

fail() {
    echo "install.sh: $1" >&2
    exit 1
}

src=$(cd "$(dirname "$0")" && pwd -P)

prefix=/opt/mcelog-java
destdir=
java_home=
while [ $# -gt 0 ]; do
    case $1 in
        --prefix|--destdir|--java-home)
            [ $# -ge 2 ] && [ -n "$2" ] || usage_error "$1 needs a directory"
            case $1 in
                --prefix) prefix=$2 ;;
                --destdir) destdir=$2 ;;
                --java-home) java_home=$2 ;;
            esac
            shift 2 ;;
        -h|--help) usage; exit 0 ;;
        --version)
            # The version is in the name of the jars the build put in lib/.
            jar=$(ls "$src"/lib/mcelog-client-*.jar 2>/dev/null | head -n 1)
            [ -n "$jar" ] || fail "cannot tell the version: $src/lib has no mcelog-client jar"
            version=${jar##*/mcelog-client-}
            printf 'install.sh (mcelog-java) %s\ncompatible with mcelog v208\n' "${version%.jar}"
            exit 0 ;;
        *) usage_error "unknown option $1" ;;
    esac
done
case $prefix in /*) ;; *) usage_error "--prefix must be absolute, got $prefix" ;; esac
# The prefix is written into the units and sed expressions unquoted: plain path characters only.
case $prefix in *[!A-Za-z0-9._/-]*) usage_error "--prefix may hold only letters, digits and . _ - /, got $prefix" ;; esac

for part in bin lib conf systemd; do
    [ -d "$src/$part" ] || fail "cannot install from $src: $part/ is missing (run me from an unpacked tree)"
done

# Java, found now so that the units need not guess: jsvc loads lib/server/libjvm.so from it.
if [ -n "$java_home" ]; then
    from="--java-home"
elif [ -n "${JAVA_HOME:-}" ]; then
    java_home=$JAVA_HOME
    from="JAVA_HOME"
else
    java=$(command -v java) || fail "cannot find Java: no --java-home, no JAVA_HOME and no java on PATH (apt-get install openjdk-17-jre-headless, or name one with --java-home)"
    java=$(readlink -f "$java")
    java_home=${java%/bin/java}
    from="the java on PATH, $java"
fi
[ -x "$java_home/bin/java" ] || fail "Java $java_home (from $from) has no bin/java: name a JDK or JRE with --java-home"
[ -r "$java_home/lib/server/libjvm.so" ] || fail "Java $java_home (from $from) has no lib/server/libjvm.so, which jsvc loads: name a full JDK or JRE 17 with --java-home"
# The release file's JAVA_VERSION="17.0.13" (Java 8: "1.8.0_392").
release=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$java_home/release" 2>/dev/null || true)
case $release in
    1.*|[0-9].*|[0-9]|1[0-6]|1[0-6].*)
        fail "Java $java_home (from $from) is Java $release; mcelog-java needs 17 or later: name one with --java-home" ;;
esac
case $java_home in
    /home/*|/root/*|/run/user/*|/tmp/*|/var/tmp/*)
        fail "Java $java_home (from $from) is where the units cannot see it (ProtectHome=, PrivateTmp=): install one under /usr or /opt, or name one with --java-home" ;;
esac

target=$destdir$prefix
if [ -d "$target" ] && [ -n "$(ls -A "$target")" ] && ! ls "$target"/lib/mcelog-client-*.jar >/dev/null 2>&1; then
    fail "cannot install into $target: it is not empty and holds no mcelog-java (no lib/mcelog-client-*.jar); choose another --prefix"
fi
for dir in "$target" "$destdir/etc/default" "$destdir/etc/systemd/system" "$destdir/etc/logrotate.d" "$destdir/etc/tmpfiles.d"; do
    err=$(mkdir -p "$dir" 2>&1) || fail "cannot create $dir: ${err##*: }"
done

# The tree's top level, whatever it holds: what a release adds is installed without a change here.
for entry in "$src"/*; do
    [ -e "$entry" ] || continue
    name=${entry##*/}
    case $name in
        install.sh) ;;
        conf) ;;
        *) rm -rf "${target:?}/$name"; cp -R "$entry" "$target/$name" ;;
    esac
done

# conf/ names the prefix; a file the administrator edited is kept and the new one goes beside it.
mkdir -p "$target/conf"
for file in "$src"/conf/*; do
    name=${file##*/}
    sed "s|/opt/mcelog-java|$prefix|g" "$file" > "$target/conf/$name.new"
    if [ -e "$target/conf/$name" ] && ! cmp -s "$target/conf/$name" "$target/conf/$name.new"; then
        echo "kept $target/conf/$name (changed); the new one is $target/conf/$name.new"
    else
        mv "$target/conf/$name.new" "$target/conf/$name"
    fi
done

# The units, pointed at the prefix (they name /opt/mcelog-java); the copies in PREFIX/systemd too.
for file in "$src"/systemd/*; do
    sed "s|/opt/mcelog-java|$prefix|g" "$file" > "$target/systemd/${file##*/}"
done
cp "$target"/systemd/*.service "$destdir/etc/systemd/system/"
cp "$target/systemd/mcelog.logrotate" "$destdir/etc/logrotate.d/mcelog-java"
cp "$target/systemd/mcelog-java.tmpfiles.conf" "$destdir/etc/tmpfiles.d/mcelog-java.conf"

cat > "$destdir/etc/default/mcelog-java" <<EOF
# /etc/default/mcelog-java: the environment of mce-sim.service, mcelog.service and mcelog-hw.service (EnvironmentFile=).
# Written by install.sh, JAVA_HOME from $from.
# When Java moves, run install.sh again (--java-home DIR) or edit JAVA_HOME here: it must hold
# bin/java and lib/server/libjvm.so (jsvc loads it), outside /home, /root and /tmp (the units hide them).
JAVA_HOME=$java_home
EOF

echo "installed to $target (Java: $java_home); units in $destdir/etc/systemd/system"
if [ -z "$destdir" ]; then
    echo "next: systemctl daemon-reload && systemctl enable --now mce-sim mcelog"
fi
