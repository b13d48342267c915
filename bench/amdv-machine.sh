#!/usr/bin/env bash
# bench/amdv-machine.sh [ROUNDS] [LAB ARGS...]: the emulated AMD-V machine (--amd-v-machine) against the host,
# INTERLEAVED (each round runs the lab on the host, then inside the machine), for the issue's figures:
#  - from labs' start to the lab starting inside the machine ("emulated AMD-V machine: running the lab" on stderr,
#    stamped as it arrives) and the whole command;
#  - the wall time of the same lab on the host (TCG guests here) and inside (KVM guests), and their ratio.
# Default lab: cpu-overhead --quick --lang en. Prints one line per run, then the medians, with the load average.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-3}; shift || true
lab=("$@"); [ ${#lab[@]} -gt 0 ] || lab=(cpu-overhead --quick --lang en)
"$here/labs" --version >/dev/null   # build first (jar, CDS archive) if stale
res=$(mktemp -d); trap 'rm -rf "$res"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); lab: ${lab[*]}"
python3 - "$rounds" "$here/labs" "$res" "${lab[@]}" <<'PY'
import statistics, subprocess, sys, time
rounds, labs, res, lab = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
host, inside, ready = [], [], []
for r in range(rounds):
    t0 = time.monotonic()
    rc = subprocess.run([labs, "run", *lab, "--results", res], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL).returncode
    host.append(time.monotonic() - t0)
    print(f"round {r + 1}: host   {host[-1]:7.1f} s (exit {rc})", flush=True)
    t0 = time.monotonic(); started = None
    p = subprocess.Popen([labs, "run", *lab, "--amd-v-machine", "--results", res], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    for line in p.stderr:
        if started is None and "emulated AMD-V machine: running the lab" in line:
            started = time.monotonic() - t0
    rc = p.wait()
    inside.append(time.monotonic() - t0); ready.append(started or float("nan"))
    print(f"round {r + 1}: inside {inside[-1]:7.1f} s (exit {rc}), lab started inside after {ready[-1]:.1f} s",
          flush=True)
m = statistics.median
print(f"median: host {m(host):.1f} s, inside {m(inside):.1f} s, inside/host {m(inside) / m(host):.2f}; "
      f"labs start to the lab starting inside {m(ready):.1f} s")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
