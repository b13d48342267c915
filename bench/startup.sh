#!/usr/bin/env bash
# bench/startup.sh: start-up time of `./labs run vt-check` against `java -version`, measured side by side with
# hyperfine (interleaved runs of the same commands, so machine load hits all of them alike), plus the JVM
# variants that explain where the time goes. Targets (issue 11): vt-check within 6x of java -version,
# `labs --version` within 3.5x.
#   bench/startup.sh [RUNS] [quick]   (default 20 runs per command; quick = only java -version, list, vt-check,
#                                      --version; needs hyperfine: apt-get install hyperfine)
# On a machine shared with other work, `sudo nice -n -10 bench/startup.sh` gives all commands alike a fair share.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-20}
quick=${2:-}
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (sudo apt-get install -y hyperfine)" >&2; exit 2; }
cd "$here"
./labs list >/dev/null                       # build the jar, the CDS archive and the JNA library if stale
jar=labs-cli/target/labs.jar
jsa=labs-cli/target/labs.jsa
nat=labs-cli/target/native
res=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$res"' EXIT
fast=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData)
vt="run vt-check --results $res"

echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
# -N: no shell between hyperfine and the command; -i: vt-check exits 1 on a machine without VT-x.
variants=(
  -n 'java (no CDS, default flags) vt-check' "java -jar $jar $vt"
  -n 'java (fast flags, no CDS) vt-check' "java ${fast[*]} -jar $jar $vt"
  -n 'java (fast flags + CDS) vt-check' "java ${fast[*]} -XX:SharedArchiveFile=$jsa -jar $jar $vt"
  -n 'java (fast flags + CDS + JNA lib) vt-check'
     "java ${fast[*]} -XX:SharedArchiveFile=$jsa -Djna.boot.library.path=$nat -jar $jar $vt")
[ "$quick" = quick ] && variants=()
hyperfine -N -i -w 3 -r "$runs" --export-json "$out/main.json" \
  -n 'java -version' 'java -version' \
  -n './labs list' './labs list' \
  -n './labs run vt-check' "./labs $vt" \
  "${variants[@]}" \
  -n './labs --version' './labs --version' \
  -n 'java (fast flags + CDS) --version' "java ${fast[*]} -XX:SharedArchiveFile=$jsa -jar $jar --version" \
  >/dev/null 2>&1 || true

python3 - "$out/main.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = next(x for x in r if x["command"] == "java -version")
print(f"{'command':45s} {'median s':>9s} {'mean s':>8s} {'cpu s':>7s} {'x java -version':>16s}")
for x in r:
    cpu = x["user"] + x["system"]
    print(f"{x['command']:45s} {x['median']:9.3f} {x['mean']:8.3f} {cpu:7.3f} {x['median']/base['median']:16.1f}")
PY
echo "raw hyperfine JSON: $out/main.json"
