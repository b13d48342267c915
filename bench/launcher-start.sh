#!/usr/bin/env bash
# launcher-start.sh [PAIRS]: boot-to-ready through the whole launcher (Launcher.start: store lock, warm guest
# image check, QEMU in its own session, agent ready, QMP query-cpus-fast, runtime.json) against a bare
# `qemu-system-x86_64 -kernel ... -initrd ...` boot of the SAME kernel with a trivial init that prints a marker,
# side by side in alternating order, under TCG. Prints each pair, the medians and the ratio, and writes
# bench/results/launcher-start-<timestamp>.csv. The JVM's own start-up is outside both figures.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pairs=${1:-5}
cd "$here"

mvn -B -q -o -pl launcher -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
cp="$here/launcher/target/classes:$here/launcher/target/test-classes:$(cat launcher/target/bench-cp.txt)"
work=$(mktemp -d /tmp/labs-lstart.XXXXXX)
trap 'java -cp "$cp" labs.launcher.bench.LauncherStart remove "$work/store" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
java -cp "$cp" labs.launcher.bench.LauncherStart create "$work/store"
kernel=$(sed -n 's/.*"kernel" : "file:\/\/\([^"]*\)".*/\1/p' "$work/store/vms/bench/definition.json" | head -1)
[ -f "$kernel" ] || { echo "cannot find the guest kernel in the definition" >&2; exit 1; }

mkdir -p "$work/root/bin"
cp "$(command -v busybox)" "$work/root/bin/busybox"
printf '#!/bin/busybox sh\n/bin/busybox echo BARE-READY\n/bin/busybox poweroff -f\n' > "$work/root/init"
chmod 755 "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet > "$work/bare.cpio")

run_bare() {
  local t0
  t0=$(date +%s.%N)
  qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot -machine q35 -accel tcg -cpu qemu64 \
    -smp 1 -m 512M -kernel "$kernel" -initrd "$work/bare.cpio" \
    -append "console=ttyS0 quiet panic=-1 i8042.noaux i8042.nomux i8042.nopnp i8042.dumbkbd 8250.nr_uarts=1 rdinit=/init" \
    -serial stdio -nic none < /dev/null 2>&1 | while IFS= read -r line; do
      case $line in *BARE-READY*) date +%s.%N > "$work/t1" ;; esac
    done
  echo "$(cat "$work/t1") - $t0" | bc -l | xargs printf '%.3f\n'
  rm -f "$work/t1"
}
run_launcher() { java -cp "$cp" labs.launcher.bench.LauncherStart start "$work/store"; }

run_launcher >/dev/null   # warm caches once, not counted
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p bench/results
csv=bench/results/launcher-start-$stamp.csv
echo "pair,bare_ready_s,launcher_ready_s,launcher_shutdown_s" > "$csv"
for i in $(seq 1 "$pairs"); do
  if [ $((i % 2)) = 1 ]; then b=$(run_bare); read -r ready stop < <(run_launcher)
  else read -r ready stop < <(run_launcher); b=$(run_bare); fi
  echo "$i,$b,$ready,$stop" | tee -a "$csv"
done
python3 - "$csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
med = lambda k: statistics.median(float(r[k]) for r in rows)
b, l = med("bare_ready_s"), med("launcher_ready_s")
print(f"median bare boot-to-marker {b:.2f} s, Launcher.start to ready {l:.2f} s, ratio {l/b:.2f} "
      f"(overhead {100*(l/b-1):.0f}%), shutdown {med('launcher_shutdown_s'):.2f} s  [{len(rows)} pairs, {sys.argv[1]}]")
PY
