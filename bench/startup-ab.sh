#!/usr/bin/env bash
# bench/startup-ab.sh OTHER_TREE [ROUNDS]: start-up of this tree's ./labs against another checkout's (e.g. a
# worktree of main: git worktree add --detach /tmp/labs-main main), INTERLEAVED: every round runs each command
# once, in a rotating order, so the load of a shared machine drifts over all of them alike (hyperfine in
# bench/startup.sh runs each command's repetitions back to back). Prints medians, minima, the median CPU time
# (user + system of the command and its children: the figure load disturbs least) and the ratio of medians to
# `java -version`, with the load average before and after.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
other=$(cd "${1:?usage: bench/startup-ab.sh OTHER_TREE [ROUNDS]}" && pwd)
rounds=${2:-20}
"$here/labs" list >/dev/null && "$other/labs" list >/dev/null   # build both (jar, CDS archive) if stale
res=$(mktemp -d)
trap 'rm -rf "$res"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$rounds" \
  "java -version" "java -version" \
  "other: run vt-check" "$other/labs run vt-check --results $res" \
  "this:  run vt-check" "$here/labs run vt-check --results $res" \
  "other: --version" "$other/labs --version" \
  "this:  --version" "$here/labs --version" \
  "other: list" "$other/labs list" \
  "this:  list" "$here/labs list" <<'PY'
import resource, shlex, statistics, subprocess, sys, time
rounds = int(sys.argv[1]); a = sys.argv[2:]
cmds = list(zip(a[0::2], a[1::2]))
t = {n: [] for n, _ in cmds}
cpu = {n: [] for n, _ in cmds}
def used():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
for i in range(rounds):
    k = i % len(cmds)
    for n, c in cmds[k:] + cmds[:k]:
        u, s = used(), time.perf_counter()
        subprocess.run(shlex.split(c), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t[n].append(time.perf_counter() - s)
        cpu[n].append(used() - u)
base = statistics.median(t[cmds[0][0]])
print(f"{'command':22s} {'median s':>9s} {'min s':>7s} {'cpu s':>7s} {'x java -version':>16s}   ({rounds} interleaved rounds)")
for n, _ in cmds:
    m = statistics.median(t[n])
    print(f"{n:22s} {m:9.3f} {min(t[n]):7.3f} {statistics.median(cpu[n]):7.3f} {m / base:16.1f}")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
