#!/usr/bin/env bash
# bench/amdv-stalls.sh [ROUNDS] [LAB ARGS...]: how often a lab inside the emulated AMD-V machine stalls, and where.
# Runs `labs run LAB ARGS --amd-v-machine` ROUNDS times, one at a time, and prints one line per run: exit status,
# wall time, the longest silence on labs' output, the load average, and whether labs ran the lab once more.
# A run silent for STALL_S seconds (default 90) is a stall: the machine's CPU registers are dumped three times
# (RIPs in the machine's kernel; its kernel has no KASLR under a PVH boot, so they match a /proc/kallsyms read in
# any boot of it), with the machine's console, to OUT/rN/, and the run is killed. QEMU_THREAD=single|multi
# overrides the machine's TCG threading. Default lab: vm-exit --quick. The machine uses both CPUs: run nothing else.
# How the vm-exit stall of issue 12 was found: both CPUs looped in the kernel's int3 code-patching path.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-5}; shift || true
lab=("$@"); [ ${#lab[@]} -gt 0 ] || lab=(vm-exit --quick)
"$here/labs" --version >/dev/null || exit 2   # build first if stale
out=$(mktemp -d /tmp/amdv-stalls.XXXXXX)
real=$(command -v qemu-system-x86_64) || { echo "no qemu-system-x86_64" >&2; exit 2; }
mkdir -p "$out/bin"
# A wrapper found first on PATH by labs (not inside the machine: /tmp is the machine's own there): for the machine
# only (its -append carries labs.amdv=1) it adds an HMP monitor socket and applies QEMU_THREAD.
cat > "$out/bin/qemu-system-x86_64" <<EOF
#!/usr/bin/env bash
case " \$* " in *labs.amdv=1*) ;; *) exec "$real" "\$@" ;; esac
args=(); prev=
for a in "\$@"; do
  if [ "\$prev" = -accel ] && [ -n "\${QEMU_THREAD:-}" ]; then a="tcg,thread=\$QEMU_THREAD"; fi
  args+=("\$a"); prev=\$a
done
exec "$real" "\${args[@]}" -monitor "unix:\$STALLS_MON,server=on,wait=off"
EOF
chmod +x "$out/bin/qemu-system-x86_64"
hmp() {   # hmp SOCKET COMMAND...: the monitor's answers
  python3 - "$@" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.settimeout(3)
def answer():
    b = b''
    try:
        while not b.endswith(b'(qemu) '):
            d = s.recv(65536)
            if not d: break
            b += d
    except socket.timeout: pass
    return b.decode(errors='replace')
answer()
for c in sys.argv[2:]:
    s.sendall(c.encode() + b'\n'); print(answer())
PY
}
echo "lab: ${lab[*]}; QEMU_THREAD=${QEMU_THREAD:-as labs chooses}; stall after ${STALL_S:-90} s silent; in $out"
for r in $(seq 1 "$rounds"); do
  d=$out/r$r; mkdir -p "$d"
  load=$(cut -d' ' -f1 /proc/loadavg); t0=$(date +%s)
  PATH=$out/bin:$PATH STALLS_MON=$d/mon.sock LABS_DATA_DIR=$d/data \
      "$here/labs" run "${lab[@]}" --amd-v-machine --results "$d/results" > "$d/out" 2> "$d/err" &
  pid=$!; last=-1; lastt=$t0; gap=0; result=
  while kill -0 $pid 2>/dev/null; do
    sleep 2
    sz=$(( $(stat -c %s "$d/out") + $(stat -c %s "$d/err") )); now=$(date +%s)
    if [ "$sz" != "$last" ]; then [ $((now - lastt)) -gt $gap ] && gap=$((now - lastt)); last=$sz; lastt=$now; fi
    if [ $((now - lastt)) -ge "${STALL_S:-90}" ]; then
      result=STALL
      for k in 1 2 3; do hmp "$d/mon.sock" 'info registers -a'; sleep 2; done > "$d/registers.txt" 2>&1
      cp "$d"/data/amdv/run-*/console.log "$d/" 2>/dev/null
      pkill -KILL -f -- "--results $d/results"   # labs' java; its machine dies with it (PR_SET_PDEATHSIG)
      break
    fi
  done
  wait $pid; rc=$?
  [ -n "$result" ] || result="exit $rc"
  grep -q "once more" "$d/err" && result="$result (ran once more)"
  printf 'run %d: %-22s %4d s  longest silence %3d s  load %s  %s\n' "$r" "$result" $(( $(date +%s) - t0 )) \
      "$gap" "$load" "$(grep -o 'step [0-9]/[0-9] ([0-9]* of [0-9]*)' "$d/err" | tail -1)"
done
