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

# labs.hostname=NAME names the guest (sysstat prints it); labs.trace prints each phase's uptime on the console;
# labs.net brings up the NIC QemuCommand adds when asked.
trace=
net=
read -r cmdline < /proc/cmdline
for w in $cmdline; do
    case $w in
        labs.hostname=*) hostname "${w#labs.hostname=}" ;;
        labs.trace) trace=1 ;;
        labs.net) net=1 ;;
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
load_modules() {
    while read -r m; do
        [ -n "$m" ] && { insmod "/lib/modules/$m" || fail "insmod $m"; phase "$m"; }
    done < "$1"
}
load_modules /etc/modules.load
phase modules

# A NIC only when the host asked for one (labs.net): QEMU's user-mode network always hands out the same
# addresses, so they are set directly instead of running a DHCP client.
if [ -n "$net" ]; then
    load_modules /etc/net-modules.load
    ip link set lo up
    ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2 \
        || echo "labs-init: could not configure eth0" > /dev/console
    phase network
fi

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
[ -n "$net" ] && echo "nameserver 10.0.2.3" > /newroot/run/resolv.conf
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
# The ACPI power button powers the guest off (etc/acpi/PWRF/00000080), for a host that cannot reach the agent.
# In the background, so ready does not wait for two insmods. That job stays in the initramfs, which needs a /dev
# of its own now that the kernel's moved to the root disk (ash opens /dev/null for a background job, and acpid
# reads /dev/input). A failure only costs the button.
mount -t devtmpfs devtmpfs /dev
(
    while read -r m; do
        [ -n "$m" ] && { insmod "/lib/modules/$m" \
            || { echo "labs-init: insmod $m failed: the ACPI power button is ignored" > /dev/console; exit 0; }; }
    done < /etc/acpi-modules.load
    exec acpid -f -c /etc/acpi -l /dev/null -p /dev/null
) &
# chroot rather than switch_root: switch_root first deletes the initramfs's files one by one, ~0.2 s under TCG,
# to give back ~5 MB.
exec chroot /newroot /sbin/labs-agent
fail "chroot to the root disk failed"
