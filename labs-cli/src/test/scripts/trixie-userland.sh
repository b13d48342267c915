#!/usr/bin/env bash
# trixie-userland.sh CACHE SRC OUT: runs labs on a Debian 13 (trixie) userland, end to end, as root.
# - CACHE holds the trixie root (debootstrap --variant=minbase with trixie's own Java 21, Maven, QEMU 10, fio,
#   sysstat, busybox), made once and reused: its labs cache (guest kernel) and Maven repository persist in it.
# - SRC's sources (no target/, results/ or .git) are copied into the root and labs is built there by ./labs.
# - Inside, `./labs run io-compare --quick --repeat 1 --yes` (one pair of each job: it is the path on Debian 13 that
#   is tested, not the statistics) and the launcher's guest ITs run; the results are copied to OUT.
# Each command inside runs in a private mount namespace (unshare) with /proc, /sys and a /dev of its own mounted for
# it, so nothing stays mounted on the host, and no device node of the host changes, however it ends.
set -euo pipefail

# A /dev of the root's own: a tmpfs with fresh device nodes, never the host's /dev bound in. Package scripts inside
# change device nodes (libvirt-daemon-system's postinst runs `chgrp kvm /dev/kvm`, and trixie's kvm group is gid
# 993, a group the host does not have): through a bound /dev that changed the host's /dev/kvm, after which libvirt's
# QEMU user could not open it and the host's libvirt re-probed QEMU on every call (45 s per virsh).
private_dev() {
  dev=$1
  mount -t tmpfs -o mode=0755,nosuid tmpfs "$dev"
  mknod -m 0666 "$dev/null" c 1 3; mknod -m 0666 "$dev/zero" c 1 5; mknod -m 0666 "$dev/full" c 1 7
  mknod -m 0666 "$dev/random" c 1 8; mknod -m 0666 "$dev/urandom" c 1 9; mknod -m 0666 "$dev/tty" c 5 0
  # /dev/kvm as the host has it (mode, owner, group), but a node of its own that a chgrp inside cannot reach out of
  if [ -c /dev/kvm ]; then
    mknod -m "$(stat -c %a /dev/kvm)" "$dev/kvm" c 10 232
    chown "$(stat -c %u:%g /dev/kvm)" "$dev/kvm"
  fi
  mkdir -m 0755 "$dev/pts" "$dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$dev/pts"
  ln -s pts/ptmx "$dev/ptmx"
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$dev/shm"
  ln -s /proc/self/fd "$dev/fd"; ln -s fd/0 "$dev/stdin"; ln -s fd/1 "$dev/stdout"; ln -s fd/2 "$dev/stderr"
}

if [ "${1:-}" = --inside ]; then
  # Second half of in_root, already in the new mount namespace: ROOT CMD...
  shift; root=$1; shift
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  private_dev "$root/dev"
  mount -t tmpfs tmpfs "$root/tmp"
  exec chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      LANG=C.UTF-8 TERM=dumb "$@"
fi

cache=$1 src=$2 out=$3
[ "$(id -u)" = 0 ] || { echo "trixie-userland: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
self=$(readlink -f "$0")
in_root() { unshare --mount --propagation private --fork -- bash "$self" --inside "$@"; }

pkgs=openjdk-21-jdk-headless,maven,qemu-system-x86,qemu-utils,fio,sysstat,busybox-static,squashfs-tools,e2fsprogs
pkgs=$pkgs,cpio,ca-certificates
key=$(printf '%s\n' "$pkgs" "layout 1" | sha256sum | cut -c1-12)
root=$cache/trixie-$key
mkdir -p "$cache"
t0=$(date +%s)
if [ ! -f "$root/.labs-complete" ]; then
  tmp=$cache/.tmp-trixie-$key-$$
  trap 'rm -rf --one-file-system "$tmp"' EXIT
  echo "trixie-userland: debootstrap trixie (once; cached in $root)" >&2
  debootstrap --variant=minbase --include="$pkgs" trixie "$tmp" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  # The extra CA certificates the host trusts (a proxy's), so that apt and Maven inside reach their servers.
  cp /usr/local/share/ca-certificates/*.crt "$tmp/usr/local/share/ca-certificates/" 2>/dev/null || true
  in_root "$tmp" update-ca-certificates >/dev/null
  in_root "$tmp" apt-get -q update >/dev/null
  # Maven's repository seeded from the host's (same pinned plugin versions): the build inside needs no download.
  [ -d "$HOME/.m2/repository" ] && mkdir -p "$tmp/root/.m2" && cp -a "$HOME/.m2/repository" "$tmp/root/.m2/"
  touch "$tmp/.labs-complete"
  mv "$tmp" "$root"
  trap - EXIT
fi
echo "trixie-userland: root ready after $(( $(date +%s) - t0 )) s" >&2

# No service starts from a package installed inside (./run-tests installs libvirt and openssh-server): the root shares
# the host's network, so a daemon started there would listen on the host's ports and outlive the test.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d" && chmod 0755 "$root/usr/sbin/policy-rc.d"
rm -rf --one-file-system "$root/work"
mkdir -p "$root/work/labs" "$out"
tar -C "$src" --exclude=./.git --exclude=./results --exclude='./*/target' -cf - . | tar -C "$root/work/labs" -xf -
in_root "$root" sh -c 'java -version 2>&1 | head -1; mvn -v 2>/dev/null | head -1; qemu-system-x86_64 --version | head -1;
    fio --version; mpstat -V 2>&1 | head -1' > "$out/versions.txt"

status=0
echo "trixie-userland: ./labs run io-compare --quick --repeat 1 --yes" >&2
in_root "$root" bash -c 'cd /work/labs && ./labs run io-compare --quick --repeat 1 --yes --results /work/results' \
    >"$out/io-compare.log" 2>&1 || status=1
echo "trixie-userland: io-compare done after $(( $(date +%s) - t0 )) s" >&2
echo "trixie-userland: ./run-tests with the launcher's guest ITs (GuestBootIT, LauncherIT)" >&2
in_root "$root" bash -c 'cd /work/labs && ./run-tests -q -pl launcher -am -Dtest=none \
    -Dit.test=GuestBootIT,LauncherIT -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false' \
    >"$out/guest-its.log" 2>&1 || status=$((status | 2))
cp -a "$root/work/results" "$out/results" 2>/dev/null || true
mkdir -p "$out/failsafe-reports"
cp -a "$root/work/labs/launcher/target/failsafe-reports/." "$out/failsafe-reports/" 2>/dev/null || true
echo "trixie-userland: done after $(( $(date +%s) - t0 )) s, status $status" >&2
exit $status
