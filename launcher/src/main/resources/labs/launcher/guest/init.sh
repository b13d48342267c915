#!/bin/busybox sh
# labs guest, stage 1 (/init in the initramfs): load the drivers the kernel has as modules, mount the read-only
# squashfs root disk (virtio serial "root") and the VM's ext4 data disk (serial "data", read-write at /data) and
# hand over to the agent. Every failure says so on the console (the host shows its tail) and powers off instead
# of hanging. Under TCG every fork costs (an applet like mount is a fork and an exec), so this script uses shell
# built-ins (read, echo, case) rather than cat/grep/hostname, mounts several file systems with one `mount -a`
# from an fstab, and the applets it calls are links made when the initramfs was written.
export PATH=/bin
mount -a -T /etc/fstab.init

# labs.hostname=NAME names the guest (sysstat prints it); labs.trace prints each phase's uptime on the console;
# labs.net brings up the NIC QemuCommand adds when asked.
trace=
net=
read -r cmdline < /proc/cmdline
for w in $cmdline; do
    case $w in
        labs.hostname=*) echo "${w#labs.hostname=}" > /proc/sys/kernel/hostname ;;
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
# Each list in one modprobe -a, in the list's order (a fork and an exec per module would cost more).
load_modules() {
    mods=
    while read -r m; do mods="$mods $m"; done < "$1"
    [ -z "$mods" ] || modprobe -a $mods || fail "modprobe -a$mods"
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
# The root disk and everything the agent needs mounted under it, in one mount -a (in this order). /proc, /sys and
# /dev are mounted afresh rather than moved, so that the initramfs keeps its own for the power button's job
# below. The initramfs's busybox is bound over the root disk's (the same file): the agent's shell and its
# applets then run from pages already in memory instead of being read from the disk first.
mkdir -p /dev/shm /dev/pts
echo "$disk /newroot squashfs ro 0 0
tmpfs /newroot/tmp tmpfs mode=1777 0 0
tmpfs /newroot/run tmpfs mode=0755 0 0
devtmpfs /newroot/dev devtmpfs defaults 0 0
tmpfs /newroot/dev/shm tmpfs mode=1777 0 0
proc /newroot/proc proc defaults 0 0
sysfs /newroot/sys sysfs defaults 0 0
/bin/busybox /newroot/bin/busybox none bind 0 0" > /etc/fstab.root
mount -a -T /etc/fstab.root || fail "cannot mount the root disk $disk and its file systems"
[ -n "$net" ] && echo "nameserver 10.0.2.3" > /newroot/run/resolv.conf
export LABS_DATA=
if find_disk data; then
    # ext4 only for the data disk: a VM without one does not pay for loading it.
    load_modules /etc/data-modules.load
    phase data-modules
    if mount -t ext4 -o noatime "$disk" /newroot/data; then
        LABS_DATA=/data
    else
        echo "labs-init: cannot mount the data disk $disk (not ext4?)" > /dev/console
    fi
fi
phase mounted
export LABS_TRACE=$trace
# The ACPI power button powers the guest off (etc/acpi/PWRF/00000080), for a host that cannot reach the agent.
# In the background, and only once the agent has announced itself, so that on the single vCPU the two module
# loads do not delay ready: the job waits to read end-of-file from the FIFO /etc/acpi-go, whose only writer
# (fd 4, opened read-write so that nobody blocks) goes to the agent, which closes it after READY (or dies).
# At most 10 s, though: READY waits for a host to connect, and a guest no host ever reaches (its starter died)
# must still obey the button. That job stays in the initramfs (ash opens /dev/null for a background job, and
# acpid reads /dev/input). A failure only costs the button.
(
    read -r -t 10 _ < /etc/acpi-go
    mods=
    while read -r m; do mods="$mods $m"; done < /etc/acpi-modules.load
    [ -z "$mods" ] || modprobe -a $mods \
        || { echo "labs-init: modprobe -a$mods failed: the ACPI power button is ignored" > /dev/console; exit 0; }
    exec acpid -f -c /etc/acpi -l /dev/null -p /dev/null
) &
exec 4<>/etc/acpi-go
# chroot rather than switch_root: switch_root first deletes the initramfs's files one by one, ~0.2 s under TCG,
# to give back ~5 MB.
exec chroot /newroot /sbin/labs-agent
fail "chroot to the root disk failed"
