#!/usr/bin/env bash
# bench/cpu-ratio-repeat.sh [RUNS]: issue 13's CPU-time target. Runs `labs run cpu-overhead` and `labs run vm-exit`
# RUNS times each (default 2), back to back and alternating (cpu-overhead, vm-exit, cpu-overhead, ...), and prints
# every run's guest/host ratio in CPU time (cpu-overhead: the fixed job, median CPU seconds; vm-exit: the CPL3 loop,
# median CPU ns per iteration) beside the same ratio in wall time, then how far the runs' CPU-time ratios lie apart.
# Target: two runs back to back agree within 5% on every CPU-time ratio. Extra arguments go to both labs
# (e.g. --quick).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-2}
shift || true
"$here/labs" --version >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$runs"); do
  for lab in cpu-overhead vm-exit; do
    mkdir -p "$work/$lab$i" "$work/data$i"
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    LABS_DATA_DIR="$work/data$i" "$here/labs" run "$lab" "$@" --lang en --yes --results "$work/$lab$i" \
      >"$work/$lab$i.log" 2>&1 || { echo "$lab run $i failed:"; tail -20 "$work/$lab$i.log"; exit 1; }
    echo "$lab run $i: load before $before, after $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
python3 - "$work" "$runs" <<'PY'
import csv, glob, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
def cpu_overhead(i):
    rows = list(csv.DictReader(open(glob.glob("%s/cpu-overhead%d/cpu-overhead/*/job-times.csv" % (work, i))[0])))
    med = lambda side, col: statistics.median(float(r[col]) for r in rows if r["side"] == side)
    return (med("guest", "cpu_seconds") / med("host", "cpu_seconds"),
            med("guest", "wall_seconds") / med("host", "wall_seconds"))
def vm_exit(i):
    rows = list(csv.DictReader(open(glob.glob("%s/vm-exit%d/vm-exit/*/measurements.csv" % (work, i))[0])))
    med = lambda where, col: statistics.median(float(r[col]) for r in rows if r["case"] == "loop"
                                               and r["where"] == where and r["step"] == "1")
    return (med("guest CPL3", "cpu_ns_per_op") / med("host", "cpu_ns_per_op"),
            med("guest CPL3", "ns_per_op") / med("host", "ns_per_op"))
for name, f in (("cpu-overhead job", cpu_overhead), ("vm-exit loop", vm_exit)):
    cpu = []
    for i in range(1, runs + 1):
        c, w = f(i)
        cpu.append(c)
        print("%-16s run %d: guest/host CPU time %.3f (wall %.3f)" % (name, i, c, w))
    spread = (max(cpu) - min(cpu)) / min(cpu)
    print("%-16s CPU-time ratios apart by %.1f%% (target within 5%%): %s" % (name, 100 * spread,
          "met" if spread <= 0.05 else "MISSED"))
PY
