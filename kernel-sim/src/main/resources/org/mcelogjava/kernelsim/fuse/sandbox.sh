# mce-sim sandbox, run by sh inside a private mount namespace (unshare --mount --propagation private).
# $1 is the simulated machine mounted by mce-sim run --mount; the rest is the command to run.
# Each simulated file is bind-mounted over the real path. Where the real path does not exist (no
# /dev/mcelog in a container, no machinecheck directory), its nearest existing directory is
# replaced by a tmpfs holding its original entries, each bound back in place, plus the new one.
# Nothing here is visible outside the namespace; the staging directories are removed before exec.
set -e
machine=$1
shift

fail() {
    echo "mce-sim sandbox: $*" >&2
    exit 1
}

# Replaces directory $1 by a writable tmpfs whose entries are $1's own, bound back in place.
shadow() {
    stage=$(mktemp -d /tmp/mce-sim-sandbox.XXXXXX)
    mount -t tmpfs -o mode=0755 mce-sim-sandbox "$stage"
    for entry in "$1"/* "$1"/.[!.]*; do
        [ -e "$entry" ] || [ -L "$entry" ] || continue
        copy=$stage/${entry##*/}
        if [ -L "$entry" ]; then
            cp -P "$entry" "$copy"
        elif [ -d "$entry" ]; then
            mkdir "$copy"
            mount --rbind "$entry" "$copy"
        else
            : > "$copy"
            mount --bind "$entry" "$copy"
        fi
    done
    mount --move "$stage" "$1"
    rmdir "$stage"
}

# Binds the simulated $machine$1 over the real $1, making room for it first if $1 does not exist.
place() {
    source=$machine$1
    [ -e "$source" ] || fail "$source: No such file or directory (is mce-sim run --mount $machine serving?)"
    if [ ! -e "$1" ]; then
        parent=$(dirname "$1")
        while [ ! -d "$parent" ]; do
            parent=$(dirname "$parent")
        done
        shadow "$parent" || fail "cannot make room for $1 in $parent"
        if [ -d "$source" ]; then
            mkdir -p "$1"
        else
            mkdir -p "$(dirname "$1")"
            : > "$1"
        fi
    fi
    mount --bind "$source" "$1" || fail "cannot bind $source over $1"
}

place /dev/mcelog
place /proc/cpuinfo
place /proc/interrupts
place /sys/devices/system/machinecheck
place /sys/devices/system/cpu
place /sys/devices/system/memory/soft_offline_page
place /sys/devices/system/memory/hard_offline_page
place /sys/firmware/dmi
exec "$@"
