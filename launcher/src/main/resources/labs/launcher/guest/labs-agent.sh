#!/bin/sh
# labs guest agent (PID 1 on the read-only root disk). It talks to the host over one virtio-serial port in frames:
# a header line of plain ASCII, then, for the kinds that carry data, exactly LEN raw bytes (so any byte survives,
# and nothing is staged: a command's output streams while it runs).
#   host:  HELLO nonce                  ->  @@ READY nonce kernel-release 2  (2: this protocol's version)
#   (once, unasked, as soon as the port opens:  @@ READY - kernel-release 2)
#   host:  EXEC id stdin len + script   ->  @@ OUT id 1|2 len + bytes (any number, as the command writes them),
#                                           then @@ EXIT id status once it ended and both outputs reached EOF
#          (script: "set -- 'arg' ...\nargv_ok='id'\n", each argument single-quoted by the host; stdin 1 = the
#          command reads what the host sends with STDIN, 0 = it reads /dev/null)
#   host:  STDIN id seq len + bytes     ->  @@ ACK id seq once those bytes were written to the command (len 0 = EOF)
#   host:  SIGNAL id INT|TERM|KILL|HUP  ->  (the command's session gets it; its EXIT follows)
#   host:  POWEROFF                     ->  @@ BYE, then sync, unmount /data, power off
# Commands run concurrently, each in its own session (setsid) so a signal reaches its children. Every frame is
# written whole under a lock (a one-byte token in a FIFO: taking and giving it back are shell built-ins, and under
# TCG every fork costs milliseconds). A host that goes away takes its commands with it, as ssh's do.
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
mkfifo $state/lock
exec 7<>$state/lock
printf x >&7
read -r release < /proc/sys/kernel/osrelease
# LABS_DATA (from the initramfs's init) is /data when the data disk is mounted.
cd "${LABS_DATA:-/tmp}"
if [ -n "$LABS_TRACE" ]; then read -r up _ < /proc/uptime; echo "labs-trace: agent $up" > /dev/console; fi
# Announce readiness at once instead of waiting for the host's next HELLO (it repeats them only every 0.5 s,
# since those sent before the port opened are lost). The write blocks until a host is connected, so it reaches
# whoever connects first; a host that connects later still gets its answer to HELLO.
printf '@@ READY - %s 2\n' "$release" >&3
# Now the initramfs may start the power button's job (it waits for fd 4, the write end of its FIFO, to close),
# and the console hears about it: both after READY, as each costs time on the single vCPU under TCG.
exec 4>&-
echo "labs-agent: ready on $port" > /dev/console

lock() { read -r -n 1 tok <&7; }
unlock() { printf x >&7; }

# reply FORMAT ARGS...: one header-only frame.
reply() {
    lock
    printf "$@" >&3
    unlock
}

# A command's files are $state/ID.*: argv (the host's script), o and e (FIFOs: its stdout and stderr), in and ic
# (FIFOs: its stdin and the feeder's queue), i0..i7 (stdin chunks), c1 and c2 (output chunks), pid, sig.

# frame ID FD: sends what the command writes (this function's stdin, a FIFO) as OUT frames until end-of-file.
# Each chunk is read into a file through fd 8, whose offset (in /proc/self/fdinfo) is the chunk's length: no fork
# to measure it. A full pipe (64 KiB) means a fast writer: from then on 1 MiB is read per chunk (iflag=fullblock),
# which costs a pair of forks per MiB instead of per 64 KiB; the price is that output which stops after such a
# burst, while the command still runs, waits for the next MiB or the end.
frame() {
    c=$state/$1.c$2 size=65536 full=
    while :; do
        exec 8>"$c"
        dd bs=$size count=1 $full >&8 2>/dev/null || break
        n=0
        { read -r _ n; } < /proc/self/fdinfo/8
        [ "$n" -gt 0 ] || break
        lock
        printf '@@ OUT %s %s %s\n' "$1" "$2" "$n" >&3
        dd if="$c" bs="$n" >&3 2>/dev/null
        unlock
        [ "$n" -ge 65536 ] && size=1048576 full=iflag=fullblock
    done
    exec 8>&-
}

# feed ID: writes the host's STDIN chunks (announced on the FIFO ic, fd 9, by their sequence number) to the
# command's stdin in order, acknowledging each, until the host's end-of-file or the command stops reading.
feed() {
    exec 5>"$state/$1.in"
    while read -r s <&9 && [ "$s" != eof ]; do
        dd if="$state/$1.i$((s % 8))" bs=65536 >&5 2>/dev/null || break
        reply '@@ ACK %s %s\n' "$1" "$s"
    done
    exec 5>&- 9>&-
}

# job ID STDIN: runs the command whose argument list is in $state/ID.argv and reports its exit status.
job() {
    id=$1 p=$state/$1 in=/dev/null
    [ "$2" = 1 ] && in=$state/$1.in
    argv_ok=
    . "$p.argv" 2>/dev/null
    if [ "$argv_ok" != "$id" ]; then
        m="labs-agent: the argument list arrived incomplete; nothing was run"
        reply '@@ OUT %s 2 %s\n%s@@ EXIT %s 126\n' "$id" "${#m}" "$m" "$id"
        rm -f "$p".*
        return
    fi
    [ "$in" = /dev/null ] || feed "$id" &
    frame "$id" 1 < "$p.o" &
    fo=$!
    frame "$id" 2 < "$p.e" &
    fe=$!
    setsid -- "$@" < "$in" > "$p.o" 2> "$p.e" 3>&- 5>&- 7>&- 8>&- 9>&- &
    pid=$!
    echo $pid > "$p.pid"
    # A SIGNAL that came before the pid file was written left its name in sig.
    [ -f "$p.sig" ] && read -r s < "$p.sig" && kill -s "$s" -- "-$pid" 2>/dev/null
    wait $pid
    rc=$?
    [ "$in" = /dev/null ] || echo eof >&9
    wait $fo $fe
    reply '@@ EXIT %s %s\n' "$id" "$rc"
    rm -f "$p".*
}

# payload LEN FILE: the LEN raw bytes after a header, from the port into FILE.
payload() {
    if [ "$1" -gt 0 ] 2>/dev/null; then
        dd bs="$1" count=1 iflag=fullblock of="$2" <&3 2>/dev/null
    else
        : > "$2"
    fi
}

# signal ID NAME: to the command's whole session (or to the process about to become it); remembered for a job
# that has not written its pid yet.
signal() {
    case $2 in INT|TERM|KILL|HUP) ;; *) return 0 ;; esac
    [ -p "$state/$1.o" ] || return 0
    echo "$2" > "$state/$1.sig"
    [ -f "$state/$1.pid" ] && read -r pid < "$state/$1.pid" \
        && { kill -s "$2" -- "-$pid" 2>/dev/null || kill -s "$2" "$pid" 2>/dev/null; }
}

# The host that started these commands is gone (its connection ended, or a new one said HELLO): nobody reads
# their output any more.
orphans() {
    for f in $state/*.pid; do
        [ -f "$f" ] && read -r pid < "$f" && kill -KILL -- "-$pid" 2>/dev/null
    done
}

session=
while :; do
    # Until the host connects the port reads as end-of-file: wait and try again.
    if ! IFS=' ' read -r verb id a b rest <&3; then
        orphans
        usleep 50000
        continue
    fi
    case $verb in
        HELLO)
            [ "$id" = "$session" ] || orphans
            session=$id
            reply '@@ READY %s %s 2\n' "$id" "$release" ;;
        EXEC)
            # One mkfifo (a fork) makes the command's FIFOs, here rather than in the job: a STDIN frame may come
            # before the job runs. It fails for an id in use, and the job is not started.
            f="$state/$id.o $state/$id.e"
            [ "$a" = 1 ] && f="$f $state/$id.in $state/$id.ic"
            case $id in *[!0-9]*|'') f= ;; esac
            if [ -n "$f" ] && mkfifo $f 2>/dev/null; then
                # The job holds the stdin queue open from its start (fd 9, read-write): what STDIN frames write
                # there before its feeder reads, or between two reads, stays in the FIFO.
                [ "$a" = 1 ] && exec 9<>"$state/$id.ic"
                payload "$b" "$state/$id.argv"
                job "$id" "$a" &
                exec 9>&-
            else
                payload "$b" /dev/null
            fi ;;
        STDIN)
            case $id in *[!0-9]*|'') id=none ;; esac
            if [ -p "$state/$id.ic" ]; then
                payload "$b" "$state/$id.i$((a % 8))"
                if [ "$b" -gt 0 ]; then echo "$a"; else echo eof; fi 1<>"$state/$id.ic"
            else
                payload "$b" /dev/null
            fi ;;
        SIGNAL) case $id in *[!0-9]*|'') ;; *) signal "$id" "$a" ;; esac ;;
        POWEROFF)
            reply '@@ BYE\n'
            sync
            [ -n "$LABS_DATA" ] && { cd /; umount /data; }
            poweroff -f ;;
    esac
done
