#!/usr/bin/env bash
# The harness must not disturb what it measures: the same fio job (the book's sequential read: 1 MiB blocks,
# direct, fsync, group reporting; time-based so every run lasts the same) run by fio alone from this shell and
# through labs' FioRunner, five pairs side by side, alternating which goes first. Prints each pair's
# bandwidth and the ratio labs/shell (expected within 0.97..1.03), then the median ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
[ -f labs-cli/target/labs.jar ] || ./labs --version >/dev/null
work=$(mktemp -d /var/tmp/labs-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
size=$((256 * 1024 * 1024)); secs=${SECS:-3}; pairs=${PAIRS:-5}
fio --name=fill --filename="$work/testfile" --rw=write --bs=1048576 --size=$size --direct=1 \
    --output-format=json --output="$work/fill.json" >/dev/null

shell_run() {
  fio --name=seq-read --filename="$work/testfile" --readwrite=read --bs=1048576 --size=$size --filesize=$size \
      --numjobs=1 --direct=1 --fsync=1 --runtime=$secs --time_based --group_reporting \
      --output-format=json --output="$work/shell.json" >/dev/null
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["jobs"][0]["read"]["bw_bytes"])' "$work/shell.json"
}
# compiled once, run with the JVM flags ./labs uses, so javac's own work is not running beside fio
javac -d "$work/cls" -cp "labs-cli/target/lib/*" bench/HarnessBench.java
labs_run() {
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$work/cls:labs-cli/target/lib/*" HarnessBench \
      "$work/testfile" $size $secs "$work"
}

ratios=()
for i in $(seq 1 "$pairs"); do
  if [ $((i % 2)) = 1 ]; then s=$(shell_run); l=$(labs_run); else l=$(labs_run); s=$(shell_run); fi
  r=$(python3 -c "print(f'{$l/$s:.4f}')")
  ratios+=("$r")
  printf 'pair %d: shell %8.1f MiB/s  labs %8.1f MiB/s  labs/shell %s\n' "$i" \
    "$(python3 -c "print($s/1048576)")" "$(python3 -c "print($l/1048576)")" "$r"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print "median labs/shell ratio: " a[int((NR+1)/2)]}'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) CPUs; other work on the machine adds noise)"
