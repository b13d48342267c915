#!/usr/bin/env bash
# bench/vm-exit/run.sh: labs' Java VMM vs a minimal C VMM doing the same KVM_RUN loop, side by side.
# Both run the same guest bytes (dumped by labs.lab.vmexit.BenchMain) in the same memory layout and register state,
# one fresh VM per run, timed from the guest's MARK exit to its DONE exit minus the median round trip.
# Blocks alternate C, Java, C, Java ... so that load from other processes hits both alike; medians are compared.
#
# usage: bench/vm-exit/run.sh [EXITS [LOOP [REPS [ROUNDS]]]]     defaults: 20000 1000000000 5 2
# BENCH_RAW=FILE keeps the raw per-run lines ("c|java CASE REP WALL_NS CPU_NS").
# needs: gcc, libc6-dev (linux/kvm.h), /dev/kvm; builds labs with ./labs if needed. Nothing is written to the repo.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
exits=${1:-20000}
loop=${2:-1000000000}
reps=${3:-5}
rounds=${4:-2}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -Wall -o "$tmp/vm_exit_bench" "$here/vm_exit_bench.c"
"$root/labs" list >/dev/null          # builds labs-cli/target/labs.jar when sources changed
cp="$root/labs-cli/target/labs.jar:$root/labs-cli/target/lib/*"
java -cp "$cp" labs.lab.vmexit.BenchMain dump "$tmp" "$exits" "$loop"

out=$tmp/results.txt
for round in $(seq "$rounds"); do
  for case in port-io-user mmio-user port-io-ioeventfd; do
    "$tmp/vm_exit_bench" "$tmp" "$case" "$exits" "$reps" >>"$out"
    java -cp "$cp" labs.lab.vmexit.BenchMain run "$case" "$exits" "$reps" >>"$out"
  done
  for case in host-loop loop; do
    "$tmp/vm_exit_bench" "$tmp" "$case" "$loop" "$reps" >>"$out"
    java -cp "$cp" labs.lab.vmexit.BenchMain run "$case" "$loop" "$reps" >>"$out"
  done
done

echo "vm-exit benchmark: $exits exits / $loop loop iterations per run, $reps runs x $rounds rounds, $(nproc) CPUs,"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg). Medians in ns per exit (per iteration for the loops)."
for col in 4 5; do
  awk -v col=$col '
    { v[$1" "$2] = v[$1" "$2] " " $col }
    function median(s,   a, n, i, j, t) {
      n = split(s, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
      print ""
      print (col == 4 ? "wall-clock time" : "CPU time of the thread running KVM_RUN (leaves out waiting for a CPU)")
      printf "%-20s %12s %12s %10s\n", "case", "C", "Java", "Java/C"
      split("port-io-user mmio-user port-io-ioeventfd host-loop loop", cs, " ")
      for (k = 1; k <= 5; k++) {
        c = median(v["c " cs[k]]); j = median(v["java " cs[k]])
        printf "%-20s %12.3f %12.3f %10.3f\n", cs[k], c, j, (c > 0 ? j / c : 0)
        if (cs[k] == "host-loop") { hc = c; hj = j }
        if (cs[k] == "loop") { gc = c; gj = j }
      }
      printf "guest loop / host loop: C %.3f, Java %.3f\n", gc / hc, gj / hj
    }' "$out"
done
cp "$out" "${BENCH_RAW:-/dev/null}" 2>/dev/null || true
