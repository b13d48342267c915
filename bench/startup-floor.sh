#!/usr/bin/env bash
# bench/startup-floor.sh [RUNS]: what any Java 17 command costs here before it does labs' work, next to
# `./labs run vt-check` and `java -version` (issue 11's targets: vt-check within 6x, --version within 3.5x). Three programs under bench/floor/, built
# against the very jars labs ships, each run the way ./labs runs (same JVM flags, its own CDS archive):
#   Plain          prints a line                  (the JVM and a jar)
#   PicocliHello   one option, picocli's --help   (the JVM + picocli, which the CLI must use)
#   JnaHello       one getpid through JNA         (the JVM + JNA, which vt-check's KVM API check must use)
# vt-check needs both picocli and JNA, and more work besides; needs hyperfine (apt-get install hyperfine).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-30}
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (sudo apt-get install -y hyperfine)" >&2; exit 2; }
cd "$here"
./labs --version >/dev/null                      # builds labs (jar, lib/, CDS archive, JNA's native library)
lib=$here/labs-cli/target/lib
work=$(mktemp -d)
res=$(mktemp -d)
trap 'rm -rf "$work" "$res"' EXIT
fast=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -Djna.boot.library.path=$here/labs-cli/target/native)
build() {   # build NAME CLASSPATH-JAR: compile, jar with a Class-Path, train a CDS archive as ./labs does
  local name=$1 dep=${2:-}
  mkdir -p "$work/$name"
  javac -XDstringConcat=inline -d "$work/$name" ${dep:+-cp "$dep"} "bench/floor/$name.java"
  printf 'Main-Class: %s\n%s' "$name" "${dep:+Class-Path: $dep
}" > "$work/$name.mf"
  jar cfm "$work/$name.jar" "$work/$name.mf" -C "$work/$name" .
  java "${fast[@]}" -XX:ArchiveClassesAtExit="$work/$name.jsa" -jar "$work/$name.jar" >/dev/null 2>&1
}
build Plain
build PicocliHello "$(ls "$lib"/picocli-cds-*.jar)"
build JnaHello "$(ls "$lib"/jna-[0-9]*.jar)"
run() { echo "java ${fast[*]} -XX:SharedArchiveFile=$work/$1.jsa -jar $work/$1.jar"; }
echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
hyperfine -N -i -w 5 -r "$runs" --export-json "$work/floor.json" \
  -n 'java -version' 'java -version' \
  -n 'plain jar (CDS)' "$(run Plain)" \
  -n 'picocli hello (CDS)' "$(run PicocliHello)" \
  -n 'JNA getpid (CDS)' "$(run JnaHello)" \
  -n './labs --version' './labs --version' \
  -n './labs run vt-check' "./labs run vt-check --results $res" >/dev/null
python3 - "$work/floor.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
base = statistics.median(r[0]["times"])
print(f"{'command':24} {'median s':>9} {'x java -version':>16}")
for x in r:
    m = statistics.median(x["times"])
    print(f"{x['command']:24} {m:9.3f} {m / base:16.1f}")
PY
