#!/usr/bin/env bash
# bench/io-compare-stability.sh [quick|full] [RUNS]: issue 13's io-compare targets. Runs `labs run io-compare`
# (with --quick, or the full default) RUNS times back to back (default 2), each in its own data and results folder,
# and prints for each run: its wall time (the guest's boot included), the load average before and after, and for
# every guest/host ratio its median, 95% interval, relative half-width against the target (±5% full, ±10% quick)
# and how the pairs stopped; then whether each ratio of a later run lies inside the first run's interval.
# Targets: every interval within the target; a full run under 10 min, --quick under 1 min; a second run's ratios
# inside the first's intervals.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-quick}
runs=${2:-2}
case "$mode" in quick) args=(--quick) ;; full) args=() ;; *) echo "usage: $0 [quick|full] [RUNS]" >&2; exit 2 ;; esac
"$here/labs" --version >/dev/null   # build first: a build is not part of a run's time
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$runs"); do
  mkdir -p "$work/data$i" "$work/res$i"
  before=$(cut -d' ' -f1-3 /proc/loadavg)
  start=$(date +%s)
  LABS_DATA_DIR="$work/data$i" "$here/labs" run io-compare "${args[@]}" --lang en --yes --results "$work/res$i" \
    >"$work/run$i.log" 2>&1 || { echo "run $i failed:"; tail -20 "$work/run$i.log"; exit 1; }
  end=$(date +%s)
  after=$(cut -d' ' -f1-3 /proc/loadavg)
  printf 'run %d (%s): %d s wall; load before %s, after %s\n' "$i" "$mode" "$((end - start))" \
    "$before" "$after"
  dir=$(ls -d "$work/res$i"/io-compare/*/)
  cp "$dir/figures.csv" "$work/figures$i.csv"
  python3 - "$work/figures$i.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["figure"] != "guest/host":
        continue
    w = r["ci95_rel_half_width"]
    ok = w != "" and float(w) <= float(r["target_rel_half_width"])
    print("  %-10s nj%-2s ratio %s [%s, %s] n=%s  ±%s (target ±%.0f%%) %s, %s" % (r["workload"], r["numjobs"],
          r["median"], r["ci95_low"], r["ci95_high"], r["n"], "%.1f%%" % (100 * float(w)) if w else "?",
          100 * float(r["target_rel_half_width"]), "met" if ok else "MISSED", r["stopped"]))
PY
done
if [ "$runs" -ge 2 ]; then
  python3 - "$work" "$runs" <<'PY'
import csv, sys
work, runs = sys.argv[1], int(sys.argv[2])
def ratios(i):
    return {(r["workload"], r["numjobs"]): r for r in csv.DictReader(open("%s/figures%d.csv" % (work, i)))
            if r["figure"] == "guest/host"}
first = ratios(1)
for i in range(2, runs + 1):
    inside = 0
    for k, r in ratios(i).items():
        f = first.get(k)
        ok = bool(f and f["ci95_low"]) and float(f["ci95_low"]) <= float(r["median"]) <= float(f["ci95_high"])
        inside += ok
        print("run %d %-10s nj%-2s %s %s run 1's [%s, %s]" % (i, k[0], k[1], r["median"], "inside" if ok else "OUTSIDE",
              f["ci95_low"] if f else "?", f["ci95_high"] if f else "?"))
    print("run %d: %d of %d ratios inside run 1's intervals" % (i, inside, len(ratios(i))))
PY
fi
