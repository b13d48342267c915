#!/usr/bin/env bash
# boot-overhead.sh [PAIRS] [VCPUS] [data]: boot-to-ready of the labs guest (QemuCommand + GuestAgent: initramfs loads
# modules, mounts the squashfs root disk, the agent announces itself over virtio-serial) against a bare
# `qemu-system-x86_64 -kernel ... -initrd ...` boot of the SAME kernel file with a trivial init that prints a
# marker, side by side (alternating order), under TCG. Prints each pair, the medians and the ratio, and writes
# bench/results/boot-overhead-<timestamp>.csv. Both times run from QEMU's start to the ready line; the JVM's own
# start-up is not in the launcher figure (it is the same for every lab; bench/startup*.sh measure it).
# Where the time goes: `java -cp <the classpath above> labs.launcher.bench.BootToReady 1 trace` boots once with
# labs.trace and prints each phase of the guest's init and agent with the host time it reached the console.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pairs=${1:-5}
vcpus=${2:-1}
# "data" as the third argument: the launcher's guest also gets an ext4 data disk, as every `labs vm create` VM has.
data=${3:-}
[ -z "$data" ] || [ "$data" = data ] || { echo "usage: bench/boot-overhead.sh [PAIRS] [VCPUS] [data]" >&2; exit 2; }
cd "$here"

mvn -B -q -o -pl launcher -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
mkdir -p target
cp="$here/launcher/target/classes:$here/launcher/target/test-classes:$(cat launcher/target/bench-cp.txt)"
run_launcher() { java -cp "$cp" labs.launcher.bench.BootToReady "$vcpus" ${data:+data}; }

{ read -r kernel; read -r cmdline; } < <(java -cp "$cp" labs.launcher.bench.BootToReady paths 2>/dev/null)
work=$(mktemp -d /tmp/labs-bare.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The trivial guest: static busybox and an /init that prints the marker and powers off.
mkdir -p "$work/root/bin" "$work/root/dev" "$work/root/proc"
cp "$(command -v busybox)" "$work/root/bin/busybox"
printf '#!/bin/busybox sh\n/bin/busybox echo BARE-READY\n/bin/busybox poweroff -f\n' > "$work/root/init"
chmod 755 "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet > "$work/bare.cpio")

run_bare() {
  local t0 t1
  t0=$(date +%s.%N)
  # Same kernel file, machine type, CPU model, memory, vCPUs, console and kernel command line as QemuCommand.
  qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot -machine q35 -accel tcg -cpu qemu64 \
    -smp "$vcpus" -m 512M -kernel "$kernel" -initrd "$work/bare.cpio" \
    -append "$cmdline" \
    -serial stdio -nic none < /dev/null 2>&1 | while IFS= read -r line; do
      case $line in *BARE-READY*) date +%s.%N > "$work/t1" ;; esac
    done
  t1=$(cat "$work/t1"); rm -f "$work/t1"
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'
}

run_launcher >/dev/null   # warm the cache and the page cache once, not counted
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p bench/results
csv=bench/results/boot-overhead-$stamp.csv
echo "pair,bare_ready_s,launcher_ready_s,launcher_exit_s,image_build_s" > "$csv"
for i in $(seq 1 "$pairs"); do
  if [ $((i % 2)) = 1 ]; then b=$(run_bare); read -r build ready exit < <(run_launcher)
  else read -r build ready exit < <(run_launcher); b=$(run_bare); fi
  echo "$i,$b,$ready,$exit,$build" | tee -a "$csv"
done
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
col() { tail -n +2 "$csv" | cut -d, -f"$1"; }
b=$(col 2 | median); l=$(col 3 | median); x=$(col 4 | median); w=$(col 5 | median)
# Each pair ran back to back, so its own ratio is less exposed to the machine's load drifting during the run.
p=$(tail -n +2 "$csv" | awk -F, '{print $3/$2}' | median)
awk -v b="$b" -v l="$l" -v p="$p" -v x="$x" -v w="$w" -v n="$pairs" -v f="$csv" 'BEGIN {
  printf "median bare boot-to-marker %.2f s, launcher boot-to-agent-ready %.2f s, ratio of medians %.2f, ", b, l, l/b
  printf "median per-pair ratio %.2f (overhead %.0f%%), launcher to QEMU exit %.2f s, warm image build %.3f s ", p, 100*(p-1), x, w
  printf "[%d pairs, %s]\n", n, f }'
