#!/bin/busybox sh
# labs guest, stage 1 (/init in the initramfs): load the drivers the kernel has as modules, mount the read-only
# root disk (virtio serial "root") and the VM's data disk (serial "data", read-write at /data) and hand over to
# the agent. Every failure says so on the console (the host shows its tail) and powers off instead of hanging.
/bin/busybox mkdir -p /proc /sys /dev /newroot
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

fail() {
    echo "LABS-INIT-FAILED: $*" > /dev/console
    poweroff -f
}

while read -r m; do
    [ -n "$m" ] && { insmod "/lib/modules/$m" || fail "insmod $m"; }
done < /etc/modules.load

# No udev here: a disk is known by the serial the host gave it.
disk_with_serial() {
    for d in /sys/block/vd*; do
        [ -e "$d/serial" ] && [ "$(cat "$d/serial")" = "$1" ] && { echo "/dev/${d##*/}"; return 0; }
    done
    return 1
}

i=0
until root=$(disk_with_serial root); do
    i=$((i + 1))
    [ $i -gt 500 ] && fail "no virtio disk with serial 'root' (is the root disk attached?)"
    usleep 10000
done
mount -t ext4 -o ro "$root" /newroot || fail "cannot mount the root disk $root"
mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp
mount -t tmpfs -o mode=0755 tmpfs /newroot/run
if data=$(disk_with_serial data); then
    mount -t ext4 -o noatime "$data" /newroot/data || echo "labs-init: cannot mount the data disk $data" > /dev/console
fi
mount --move /dev /newroot/dev
mkdir -p /newroot/dev/shm /newroot/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /newroot/dev/shm
mount --move /sys /newroot/sys
mount --move /proc /newroot/proc
exec switch_root /newroot /sbin/labs-agent
fail "switch_root failed"
