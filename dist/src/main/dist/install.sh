#!/bin/sh
# install.sh: install this mcelog-java tree and its systemd units.
#
#   ./install.sh [--prefix DIR] [--destdir DIR]
#
#   --prefix DIR   where the tree lives once installed (default /opt/mcelog-java); the units,
#                  logrotate and tmpfiles files are rewritten to point there
#   --destdir DIR  stage everything under DIR instead of / (for packaging and tests)
#
# Installs: PREFIX/{bin,lib,conf,systemd,triggers}, /etc/systemd/system/{mce-sim,mcelog}.service,
# /etc/logrotate.d/mcelog-java, /etc/tmpfiles.d/mcelog-java.conf. Then, on a real system:
#   systemctl daemon-reload && systemctl enable --now mce-sim mcelog
set -eu

prefix=/opt/mcelog-java
destdir=
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --destdir) destdir=${2:?--destdir needs a directory}; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
case $prefix in /*) ;; *) echo "install.sh: --prefix must be absolute, got $prefix" >&2; exit 2 ;; esac

src=$(cd "$(dirname "$0")" && pwd -P)
for part in bin lib conf systemd triggers; do
    [ -d "$src/$part" ] || { echo "install.sh: $src/$part is missing: run me from an unpacked tree" >&2; exit 1; }
done

mkdir -p "$destdir$prefix" "$destdir/etc/systemd/system" "$destdir/etc/logrotate.d" "$destdir/etc/tmpfiles.d"
cp -R "$src/bin" "$src/lib" "$src/conf" "$src/systemd" "$destdir$prefix/"
sed "s|/opt/mcelog-java|$prefix|g" "$src/conf/mcelog.conf" > "$destdir$prefix/conf/mcelog.conf"
cp -R "$src/triggers" "$destdir$prefix/"

# Point the units at the prefix (they name /opt/mcelog-java).
for unit in mce-sim.service mcelog.service; do
    sed "s|/opt/mcelog-java|$prefix|g" "$src/systemd/$unit" > "$destdir/etc/systemd/system/$unit"
done
cp "$src/systemd/mcelog.logrotate" "$destdir/etc/logrotate.d/mcelog-java"
cp "$src/systemd/mcelog-java.tmpfiles.conf" "$destdir/etc/tmpfiles.d/mcelog-java.conf"

echo "installed to $destdir$prefix; units in $destdir/etc/systemd/system"
if [ -z "$destdir" ]; then
    echo "next: systemctl daemon-reload && systemctl enable --now mce-sim mcelog"
fi
