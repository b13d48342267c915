#!/bin/sh
# labs guest agent (PID 1 on the read-only root disk). It answers the host over a virtio-serial port with one
# text line per message, so console noise can never be mistaken for a reply and any byte survives the trip:
#   host:  HELLO nonce                 ->  @@ READY nonce kernel-release
#   (once, unasked, as soon as the port opens:  @@ READY - kernel-release)
#   host:  EXEC id aB64 aB64 ...       ->  @@ DONE id exit-status oB64(stdout) eB64(stderr)
#          (each argument is "a" + base64 of its bytes, so an empty argument survives word splitting)
#   host:  KILL id                     ->  (the command's session gets SIGKILL; its DONE follows)
#   host:  POWEROFF                    ->  @@ BYE, then sync, unmount /data, power off
# Commands run concurrently, each in its own session (setsid) so KILL reaches its children; replies are written
# whole under a lock (busybox has no flock here: mkdir is atomic).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C S_TIME_FORMAT=ISO HOME=/root
export LD_LIBRARY_PATH=@LD_LIBRARY_PATH@
state=/run/labs-agent
mkdir -p $state

port=
for p in /sys/class/virtio-ports/*; do
    n=
    [ -e "$p/name" ] && read -r n < "$p/name"
    [ "$n" = "@PORT_NAME@" ] && port=/dev/${p##*/}
done
if [ -z "$port" ]; then
    echo "LABS-AGENT-FAILED: no virtio-serial port named @PORT_NAME@" > /dev/console
    poweroff -f
fi
exec 3<>"$port"
read -r release < /proc/sys/kernel/osrelease
# LABS_DATA (from the initramfs's init) is /data when the data disk is mounted.
cd "${LABS_DATA:-/tmp}"
if [ -n "$LABS_TRACE" ]; then read -r up _ < /proc/uptime; echo "labs-trace: agent $up" > /dev/console; fi
# Announce readiness at once instead of waiting for the host's next HELLO (it repeats them only every 0.5 s,
# since those sent before the port opened are lost). The write blocks until a host is connected, so it reaches
# whoever connects first; a host that connects later still gets its answer to HELLO.
printf '@@ READY - %s\n' "$release" >&3
# Now the initramfs may start the power button's job (it waits for fd 4, the write end of its FIFO, to close),
# and the console hears about it: both after READY, as each costs time on the single vCPU under TCG.
exec 4>&-
echo "labs-agent: ready on $port" > /dev/console

reply() {
    until mkdir $state/lock 2>/dev/null; do usleep 1000; done
    "$@" >&3
    rmdir $state/lock
}

done_frame() {
    printf '@@ DONE %s %s o' "$1" "$2"
    base64 -w0 "$state/$1.out"
    printf ' e'
    base64 -w0 "$state/$1.err"
    printf '\n'
}

job() {
    id=$1
    shift
    n=$#
    for b in "$@"; do
        a=$(printf '%s' "${b#a}" | base64 -d; echo x)
        set -- "$@" "${a%x}"
    done
    shift $n
    setsid "$@" > "$state/$id.out" 2> "$state/$id.err" < /dev/null &
    echo $! > "$state/$id.pid"
    wait $!
    rc=$?
    reply done_frame "$id" "$rc"
    rm -f "$state/$id.out" "$state/$id.err" "$state/$id.pid"
}

while :; do
    # Until the host connects the port reads as end-of-file: wait and try again.
    if ! IFS=' ' read -r verb id rest <&3; then
        usleep 50000
        continue
    fi
    case $verb in
        HELLO) reply printf '@@ READY %s %s\n' "$id" "$release" ;;
        EXEC) set -f; job "$id" $rest & set +f ;;
        KILL) [ -f "$state/$id.pid" ] && kill -KILL -- "-$(cat "$state/$id.pid")" 2>/dev/null ;;
        POWEROFF)
            reply printf '@@ BYE\n'
            sync
            [ -n "$LABS_DATA" ] && { cd /; umount /data; }
            poweroff -f ;;
    esac
done
