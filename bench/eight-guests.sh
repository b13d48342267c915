#!/usr/bin/env bash
# eight-guests.sh [N] [URI]: N guests (default 8; TCG, 1 vCPU, 192 MiB, 32 MiB data disk) started at once, through
# libvirt (labs vm --connect URI, default qemu:///system; needs root and a running libvirtd) and through labs' own
# launcher, one engine after the other. Prints, per engine: the time from launching the N `labs vm start` processes
# to the last one reporting its guest ready, the qemu processes' total resident memory at that moment (VmRSS of the
# pids the starts print), and that all were removed again. Creates are made first and not timed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-8}
uri=${2:-qemu:///system}
labs=$here/labs
work=$(mktemp -d)
prefix=eg$$
export LABS_DATA_DIR=$work/data
cleanup() {
  for i in $(seq 1 "$n"); do
    "$labs" vm destroy "$prefix-$i" --connect "$uri" >/dev/null 2>&1 || true
    "$labs" vm undefine "$prefix-$i" --remove-all-storage --connect "$uri" >/dev/null 2>&1 || true
    LABS_CONNECT= "$labs" vm destroy "$prefix-$i" >/dev/null 2>&1 || true
    LABS_CONNECT= "$labs" vm undefine "$prefix-$i" --remove-all-storage >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

run_engine() {   # $1: label, $2: connect URI or "" (labs' own launcher)
  local label=$1 c=$2
  for i in $(seq 1 "$n"); do
    LABS_CONNECT=$c "$labs" vm create "$prefix-$i" --memory 192 --disk-size 32 --accel tcg >/dev/null 2>&1
  done
  local t0 t1 pids=() rss=0 ok=0
  t0=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    LABS_CONNECT=$c "$labs" vm start "$prefix-$i" >"$work/start-$i.out" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" && ok=$((ok + 1)) || true; done
  [ -z "${DEBUG:-}" ] || cat "$work"/start-*.out
  t1=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    qp=$(sed -n 's/.*qemu pid \([0-9]*\).*/\1/p' "$work/start-$i.out" | head -1)
    [ -n "$qp" ] && rss=$((rss + $(awk '/VmRSS/ {print $2}' "/proc/$qp/status" 2>/dev/null || echo 0)))
  done
  for i in $(seq 1 "$n"); do
    LABS_CONNECT=$c "$labs" vm destroy "$prefix-$i" >/dev/null 2>&1
    LABS_CONNECT=$c "$labs" vm undefine "$prefix-$i" --remove-all-storage >/dev/null 2>&1
  done
  left=$(LABS_CONNECT=$c "$labs" vm list | grep -c "^$prefix-" || true)
  printf '%-9s %d of %d ready in %.1f s, qemu RSS at ready %d MiB in all, %s left after removal\n' "$label" "$ok" "$n" \
    "$(echo "$t1 - $t0" | bc)" $((rss / 1024)) "$left"
}

"$labs" --version >/dev/null   # builds the jar once, outside the timings
# BUILTIN_FIRST=1 swaps the order (the load of a shared machine drifts: compare both orders)
if [ -n "${BUILTIN_FIRST:-}" ]; then run_engine built-in ""; run_engine libvirt "$uri"
else run_engine libvirt "$uri"; run_engine built-in ""; fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
