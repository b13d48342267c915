#!/usr/bin/env bash
# Rendering every chart of a run must take under 2 s: renders the io-compare and cpu-overhead charts of the
# newest runs under RESULTS (default results/) from their raw outputs, in a fresh JVM each time, Japanese and
# English, three times each, with the JVM flags ./labs uses.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
results=${RESULTS:-results}
io=$(ls -d "$results"/io-compare/*/ | sort | tail -1)
cpu=$(ls -d "$results"/cpu-overhead/*/ | sort | tail -1)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# compile once, so javac's time is not counted as rendering
javac -d "$out/cls" -cp "labs-cli/target/lib/*" bench/RenderBench.java
for lang in ja en ja en ja en; do
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$out/cls:labs-cli/target/lib/*" RenderBench "$io" "$cpu" $lang "$out/png"
done
