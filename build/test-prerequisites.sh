#!/bin/sh
# Checks that the tools the tests run are installed, before `mvn verify` runs any test (the root pom
# calls this in the validate phase; -DskipTests skips it). LIST (build/test-prerequisites.list) names
# each tool with its Debian package and what the tests use it for.
#   nothing missing: silent, exit 0;
#   missing, as root on Debian: says what it installs, then apt-get installs it;
#   missing, otherwise: names each missing package and why, prints the command that installs them,
#   and exits 1, so that no test is skipped or fails later for want of a tool.
set -eu

me=build/test-prerequisites.sh
if [ $# -ne 1 ]; then
    echo "usage: $me LIST" >&2
    exit 1
fi
list=$1
if [ ! -f "$list" ]; then
    echo "$me: cannot read the list of the tests' prerequisites $list: No such file" >&2
    exit 1
fi

# "PACKAGE: COMMAND, what for" per missing command, and each missing package once.
missing() {
    while read -r path package why; do
        case $path in '' | '#'*) continue ;; esac
        case $path in
            */lib/*) [ -e "$path" ] ;;   # a shared library: there is enough
            *) [ -x "$path" ] ;;
        esac || printf '  %s (%s): %s\n' "$package" "$path" "$why"
    done < "$list"
}
report=$(missing)
[ -n "$report" ] || exit 0
packages=$(printf '%s\n' "$report" | sed 's/^  \([^ ]*\) .*/\1/' | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $//')

if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then
    printf 'The tests need these Debian packages; installing them:\n%s\n' "$report"
    apt-get update
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages
    still=$(missing)
    if [ -n "$still" ]; then
        printf '%s: apt-get installed %s, but these are still missing:\n%s\n' "$me" "$packages" "$still" >&2
        exit 1
    fi
    exit 0
fi

{
    printf 'The tests need these Debian packages, which are not installed:\n%s\n' "$report"
    printf 'Install them, then run the tests again:\n'
    printf '  sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n' "$packages"
} >&2
exit 1
