#!/usr/bin/env bash
# sched-virt.sh [RUNS] [jlink]: the figures README's sched-virt rows quote.
#  - RUNS times `./labs run sched-virt --quick` (default 4), each with its wall time (guest boot included), the
#    guest's median step at N=1 with the host idle (target: within 25% of the calibrated 1 ms) and, at N=1, the
#    host loop against idle: longest gap (target >= 3x) and time to 100% (target >= 1.5x), read from summary.csv.
#  - with "jlink": the candidate that was not chosen, for the comparison table: the size of a jlink'ed java.base
#    runtime, the time to copy it into a guest through the agent, and `java -version` in the guest, against
#    copying and starting the load program the lab uses.
# Own VM store and results in a temp folder; every VM it makes is removed. Compare runs made side by side.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-4}
work=$(mktemp -d /tmp/labs-sched-bench.XXXXXX)
export LABS_DATA_DIR=$work/data
trap 'for v in $("$here/labs" vm list 2>/dev/null | awk "NR>2{print \$1}"); do "$here/labs" vm destroy "$v" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT
cd "$here"
./labs --version >/dev/null   # build first, outside the timings

col() { awk -F, -v s="$2" -v c="$3" -v n="$4" -v k="$5" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next}
  $1==s && $2==c && $3==n {print $h[k]}' "$1"; }
echo "run wall_s guest_median_step_ms gap_ratio t100_ratio load"
for i in $(seq "$runs"); do
  s=$(date +%s.%N)
  ./labs run sched-virt --quick --lang en --results "$work/results" >/dev/null 2>&1
  e=$(date +%s.%N)
  f=$(ls -d "$work"/results/sched-virt/*/ | tail -1)summary.csv
  med=$(col "$f" guest idle 1 median_step_ms)
  gi=$(col "$f" guest idle 1 longest_gap_ms); gl=$(col "$f" guest host-loop 1 longest_gap_ms)
  ti=$(col "$f" guest idle 1 time_to_100_ms); tl=$(col "$f" guest host-loop 1 time_to_100_ms)
  awk -v i="$i" -v w="$(echo "$e - $s" | bc)" -v m="$med" -v gi="$gi" -v gl="$gl" -v ti="$ti" -v tl="$tl" \
      -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN{printf "%d %.1f %.3f %.1f %.2f %s\n", i, w, m, gl/gi, tl/ti, l}'
done

[ "${2:-}" = jlink ] || exit 0
jlink --add-modules java.base --strip-debug --no-header-files --no-man-pages --compress=2 --output "$work/jre"
echo "jlink java.base runtime: $(du -sb "$work/jre" | cut -f1) bytes"
./labs vm create bench --cpuset=0 >/dev/null && ./labs vm start bench >/dev/null
load=$(ls -d "$work"/results/sched-virt/*/ | tail -1)sched-load
t() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); echo "$e - $s" | bc; }
echo "copy sched-load in: $(t ./labs vm exec bench -- busybox sh -c 'cat > /tmp/sl && chmod 755 /tmp/sl' < "$load") s (with labs' own start)"
echo "copy the runtime in: $(t sh -c "tar -C '$work' -c jre | ./labs vm exec bench -- busybox tar x -C /tmp") s"
for i in 1 2 3; do
  ./labs vm exec bench -- busybox sh -c 'a=$(cut -d" " -f1 /proc/uptime); /tmp/jre/bin/java -version 2>/dev/null;
    b=$(cut -d" " -f1 /proc/uptime); c=$(cut -d" " -f1 /proc/uptime); /tmp/sl f 0 1 1 1000 >/dev/null;
    d=$(cut -d" " -f1 /proc/uptime); echo "in the guest: java -version $a..$b s, sched-load $c..$d s (uptime)"'
done
./labs vm exec bench -- /tmp/sl f 0 1 1000 1000 | awk '/^s/{p=$2} /^p/{print ($4-p)/1e3; p=$4}' | sort -g |
  awk '{a[++n]=$1} END{print "1000-turn steps in the guest [us]: min", a[1], "median", a[int(n/2)]}'
