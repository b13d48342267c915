#!/usr/bin/env bash
# labs class merge: is its time linear in the number of students' folders?
# Makes N student folders (one io-compare and one vt-check run each, from the real runs in
# labs-cli/src/test/resources/class-merge, each with its own hostname and start time), then times
# `./labs class merge` over them, ROUNDS rounds with the sizes interleaved; prints the median wall time per size
# and per folder. Usage: bench/class-merge.sh [ROUNDS] [SIZES...]   (default: 3 rounds of 30 300 3000)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
shift || true
sizes=("${@:-30 300 3000}")
read -r -a sizes <<<"${sizes[*]}"
fix=labs-cli/src/test/resources/class-merge
./labs --version >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

# One student's folder is made once from the fixtures; each student is a copy of it with its own hostname and
# start times (three processes a student: 3000 students take about a minute here).
tpl=$tmp/template
mkdir -p -- "$tpl/results/io-compare/t" "$tpl/results/vt-check/t"
cp -- "$fix"/io-compare/figures.csv "$fix"/io-compare/pairs.csv "$fix"/io-compare/fio.csv "$fix"/io-compare/meta.json \
    "$tpl/results/io-compare/t/"
cp -- "$fix"/vt-check/report.json "$fix"/vt-check/checks.csv "$fix"/vt-check/meta.json "$tpl/results/vt-check/t/"

make_class() {   # $1 = number of students, made once under $tmp/n$1
    local n=$1 d=$tmp/n$1 i pad lab
    mkdir -p -- "$d"
    for ((i = 1; i <= n; i++)); do
        cp -r -- "$tpl" "$d/s$i"
        printf -v pad %06d "$i"
        # unique per student and lab (the second digit): no run is a duplicate of another
        for lab in io-compare:1 vt-check:2; do
            sed -i -e "s/\"hostname\" : \"vm\"/\"hostname\" : \"pc-$i\"/" \
                -e "s/\"started\" : \"[^\"]*\"/\"started\" : \"2026-11-30T09:00:00.$pad${lab#*:}Z\"/" \
                "$d/s$i/results/${lab%%:*}/t/meta.json"
        done
    done
}

for n in "${sizes[@]}"; do make_class "$n"; done
declare -A times
for ((r = 1; r <= rounds; r++)); do
    for n in "${sizes[@]}"; do
        s=$(date +%s.%N)
        rc=0
        ./labs class merge --lang en --out "$tmp/out$n" "$tmp/n$n"/s* >"$tmp/out" 2>"$tmp/err" || rc=$?
        e=$(date +%s.%N)
        [ "$rc" = 0 ] || { echo "n=$n: exit $rc"; cat "$tmp/err"; exit 1; }
        grep -q "^$n students, $((2 * n)) runs counted, 0 duplicates, 0 malformed" "$tmp/out" \
            || { echo "n=$n: unexpected merge:"; cat "$tmp/out"; exit 1; }
        times[$n]+="$(echo "$e - $s" | bc) "
    done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
prev_n=; prev_t=
for n in "${sizes[@]}"; do
    med=$(tr ' ' '\n' <<<"${times[$n]}" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    # linear means a constant cost per student beyond the fixed start-up (JVM, charts): the marginal column
    marginal=
    [ -n "$prev_n" ] && marginal=$(printf 'marginal %.2f ms/student' "$(echo "($med - $prev_t) * 1000 / ($n - $prev_n)" | bc -l)")
    printf 'folders=%5d (students %d)  median %.2f s  %s  rounds: %s\n' \
        "$((2 * n))" "$n" "$med" "$marginal" "${times[$n]}"
    prev_n=$n; prev_t=$med
done
