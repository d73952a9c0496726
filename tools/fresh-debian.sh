#!/bin/sh
# Run commands in a fresh Debian 12 root, as a new user's machine would be: debootstrap's
# minbase plus make, gcc and git, nothing else. It catches a package the install step
# (`make deps`) forgets, which a developer's own machine hides.
#
#   tools/fresh-debian.sh 'RUN_SECONDS=5 make run PORT=0' 'make demo' 'make test'
#
# Needs root, debootstrap, bind mounts and the network to a Debian mirror (the one this
# machine's apt uses). The project is cloned from its committed HEAD, so uncommitted changes
# are not seen (outside a git checkout, its files are copied as they are). The reference
# lists the integration tests read (../shared/data, or $SELVEDGE_SHARED_DATA) are copied in
# beside it when present.
#
# Exit status: that of the first command that failed, 0 when all passed, and 3 when no fresh
# root can be made here (not root, no debootstrap, no mirror, mounts refused): the caller
# says so and goes on.
#
# The minbase root is cached as a tarball ($FRESH_CACHE, default /var/tmp/selvedge-bookworm.tar);
# each run unpacks a new copy and removes it after (FRESH_KEEP=1 keeps it). Logs go to
# $FRESH_LOGS (default a new temporary directory); the last lines of each are printed.
set -u

cannot() {
    echo "fresh-debian: cannot make a fresh Debian 12 root here: $*" >&2
    exit 3
}

[ "$#" -gt 0 ] || { echo "usage: tools/fresh-debian.sh COMMAND..." >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || cannot "needs root"
command -v debootstrap >/dev/null 2>&1 || cannot "needs debootstrap (apt-get install debootstrap)"
command -v git >/dev/null 2>&1 || cannot "needs git"

proj=$(cd "$(dirname "$0")/.." && pwd)
cache=${FRESH_CACHE:-/var/tmp/selvedge-bookworm.tar}
logs=${FRESH_LOGS:-$(mktemp -d /tmp/fresh-debian-logs.XXXXXX)}
mkdir -p "$logs"

# The mirror this machine's apt uses, so the fresh root sees the same packages.
mirror=
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
elif [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1 == "deb" && $3 ~ /^bookworm/ { print $2; exit }' /etc/apt/sources.list)
fi
mirror=${mirror:-http://deb.debian.org/debian}

copy_apt_sources() {
    root=$1
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        rm -f "$root/etc/apt/sources.list"
        cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
    elif [ -f /etc/apt/sources.list ]; then
        cp /etc/apt/sources.list "$root/etc/apt/sources.list"
    fi
}

if [ ! -s "$cache" ]; then
    base=$(mktemp -d /var/tmp/selvedge-base.XXXXXX)
    echo "fresh-debian: debootstrap bookworm (minbase) from $mirror"
    if ! debootstrap --variant=minbase bookworm "$base" "$mirror" >"$logs/debootstrap.log" 2>&1; then
        rm -rf "$base"
        cannot "debootstrap failed (see $logs/debootstrap.log)"
    fi
    copy_apt_sources "$base"
    if ! chroot "$base" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q make gcc git ca-certificates' \
        >>"$logs/debootstrap.log" 2>&1; then
        rm -rf "$base"
        cannot "installing make, gcc and git in the new root failed (see $logs/debootstrap.log)"
    fi
    tar -C "$base" -cf "$cache.part" . && mv "$cache.part" "$cache"
    rm -rf "$base"
fi

root=$(mktemp -d /var/tmp/selvedge-fresh.XXXXXX)
mounted=""
cleanup() {
    for d in $mounted; do umount "$root/$d" 2>/dev/null; done
    # removed only once nothing is mounted in it
    if [ -z "${FRESH_KEEP:-}" ] && ! grep -q " $root/" /proc/mounts; then
        rm -rf "$root"
    fi
}
trap cleanup EXIT INT TERM

tar -C "$root" -xf "$cache" || cannot "cannot unpack $cache"
copy_apt_sources "$root"
# A network that reaches HTTPS through a proxy of its own names the proxy's authority for Node
# in NODE_EXTRA_CA_CERTS. The root is on this machine's network, so its commands get the same
# file (npm reaches its registry through it; apt uses the mirror as given).
node_ca=""
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
    mkdir -p "$root/etc/ssl" && cp "$NODE_EXTRA_CA_CERTS" "$root/etc/ssl/network-extra-ca.crt" &&
        node_ca="export NODE_EXTRA_CA_CERTS=/etc/ssl/network-extra-ca.crt; "
fi
if git -C "$proj" rev-parse --git-dir >/dev/null 2>&1; then
    git clone -q "$proj" "$root/project" || cannot "cannot clone $proj"
else # not a git checkout: the files as they are, without build directories
    mkdir "$root/project" &&
        tar -C "$proj" --exclude='./build*' -cf - . | tar -C "$root/project" -xf - ||
        cannot "cannot copy $proj"
fi
shared=${SELVEDGE_SHARED_DATA:-$proj/../shared/data}
if [ -d "$shared" ]; then
    mkdir -p "$root/shared" && cp -r "$shared" "$root/shared/data"
fi
# mounted in this order, unmounted in the reverse one
for d in proc sys dev dev/pts; do
    mount --bind "/$d" "$root/$d" || cannot "bind mount of /$d refused"
    mounted="$d $mounted"
done

i=0
status=0
for cmd in "$@"; do
    i=$((i + 1))
    start=$(date +%s)
    chroot "$root" /bin/bash -lc "${node_ca}cd /project && DEBIAN_FRONTEND=noninteractive $cmd" \
        >"$logs/cmd$i.log" 2>&1
    rc=$?
    echo "fresh-debian: [$cmd] exit $rc in $(($(date +%s) - start)) s; last lines:"
    tail -n 8 "$logs/cmd$i.log" | sed 's/^/    /'
    if [ "$rc" -ne 0 ] && [ "$status" -eq 0 ]; then
        status=$rc
        [ "$status" -eq 3 ] && status=1 # 3 means "cannot set up", not a failed command
    fi
done
echo "fresh-debian: logs in $logs"
exit "$status"
