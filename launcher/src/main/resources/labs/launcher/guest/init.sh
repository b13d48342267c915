#!/bin/busybox sh
# labs guest, stage 1 (/init in the initramfs): load the drivers the kernel has as modules, mount the read-only
# root disk (virtio serial "root") and the VM's data disk (serial "data", read-write at /data) and hand over to
# the agent. Every failure says so on the console (the host shows its tail) and powers off instead of hanging.
# Under TCG every fork costs, so this script uses shell built-ins (read, case) rather than cat/grep, and the
# applets it calls are links made when the initramfs was written.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

# labs.hostname=NAME names the guest (sysstat prints it); labs.trace prints each phase's uptime on the console.
trace=
read -r cmdline < /proc/cmdline
for w in $cmdline; do
    case $w in
        labs.hostname=*) hostname "${w#labs.hostname=}" ;;
        labs.trace) trace=1 ;;
    esac
done
phase() {
    [ -n "$trace" ] || return 0
    read -r up _ < /proc/uptime
    echo "labs-trace: $1 $up" > /dev/console
}

fail() {
    echo "LABS-INIT-FAILED: $*" > /dev/console
    poweroff -f
}

phase init
while read -r m; do
    [ -n "$m" ] && { insmod "/lib/modules/$m" || fail "insmod $m"; }
done < /etc/modules.load
phase modules

# No udev here: a disk is known by the serial the host gave it (sets $disk).
find_disk() {
    for d in /sys/block/vd*; do
        s=
        [ -e "$d/serial" ] && read -r s < "$d/serial"
        [ "$s" = "$1" ] && { disk=/dev/${d##*/}; return 0; }
    done
    return 1
}

i=0
until find_disk root; do
    i=$((i + 1))
    [ $i -gt 500 ] && fail "no virtio disk with serial 'root' (is the root disk attached?)"
    usleep 10000
done
mount -t ext4 -o ro "$disk" /newroot || fail "cannot mount the root disk $disk"
mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp
mount -t tmpfs -o mode=0755 tmpfs /newroot/run
export LABS_DATA=
if find_disk data; then
    if mount -t ext4 -o noatime "$disk" /newroot/data; then
        LABS_DATA=/data
    else
        echo "labs-init: cannot mount the data disk $disk (not ext4?)" > /dev/console
    fi
fi
phase mounted
mount --move /dev /newroot/dev
mkdir -p /newroot/dev/shm /newroot/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /newroot/dev/shm
mount --move /sys /newroot/sys
mount --move /proc /newroot/proc
export LABS_TRACE=$trace
# chroot rather than switch_root: switch_root first deletes the initramfs's files one by one, ~0.2 s under TCG,
# to give back ~5 MB.
exec chroot /newroot /sbin/labs-agent
fail "chroot to the root disk failed"
