#!/bin/busybox sh
# labs' emulated AMD-V machine ("L1", /init in its initramfs): a TCG guest with -cpu max, whose CPU shows svm.
# It loads the kernel's own kvm and kvm_amd, mounts the host's root read-only over virtio-9p, tmpfs where Linux
# writes, its scratch disk at /run/labs, and the host's writable folders (results, cache) at their own paths; then runs the lab, chrooted into
# the host's root, with the host's own java, qemu, fio and sysstat. Lines "labs-l1: ..." on the console are what
# the host shows as progress; "labs-l1: FAILED: CODE: ..." stops it with that reason. The lab's stdout, stderr and
# exit status go to the control share (tag labsctl), which the host reads.
export PATH=/bin
mount -a -T /etc/fstab.init
say() { echo "labs-l1: $*" > /dev/console; }
fail() {
    say "FAILED: $*"
    poweroff -f
}
# The kernel's own lines (KVM logs "Unhandled WRMSR" once per nested boot) would interleave with the progress.
dmesg -n 1

mods=
while read -r m; do mods="$mods $m"; done < /etc/modules.load
[ -z "$mods" ] || modprobe -a $mods || fail "modules: modprobe -a$mods failed"

# The book's count, done the way egrep -c does it: one per logical CPU whose flags name svm.
n=0
while read -r line; do
    case "$line " in flags*" svm "*) n=$((n + 1)) ;; esac
done < /proc/cpuinfo
[ "$n" -gt 0 ] || fail "no-svm: the CPU QEMU emulates shows no svm flag"
[ -c /dev/kvm ] || fail "no-kvm: kvm_amd did not make /dev/kvm"
say "svm on $n CPUs, kvm_amd loaded, /dev/kvm ready"

opts=trans=virtio,version=9p2000.L,msize=262144
# cache=loose for the read-only root: with the default cache the JVM starts 2-3 times slower.
mount -t 9p -o ro,$opts,cache=loose hostroot /newroot || fail "root: cannot mount the host's root over 9p"
for d in tmp var/tmp; do mount -t tmpfs -o mode=1777 tmpfs /newroot/$d || fail "tmpfs: /$d"; done
mount -t tmpfs -o mode=0755 tmpfs /newroot/run || fail "tmpfs: /run"
# The scratch disk (the machine's only virtio disk): the VM store of the labs inside, on a real block device.
mkdir -p /newroot/run/labs && mount -t ext4 -o noinit_itable /dev/vda /newroot/run/labs \
    || fail "scratch: cannot mount the scratch disk /dev/vda"
mount -t proc proc /newroot/proc && mount -t sysfs sysfs /newroot/sys && mount -t devtmpfs devtmpfs /newroot/dev \
    || fail "mounts: proc, sys or dev"
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts devpts /newroot/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /newroot/dev/shm
mount -t cgroup2 cgroup2 /newroot/sys/fs/cgroup 2>/dev/null
ctl=/newroot/run/labs-ctl
mkdir -p $ctl && mount -t 9p -o rw,$opts labsctl $ctl || fail "control: cannot mount the control share"
# One share a line: TAG ro|rw PATH (the host's absolute path, mounted at the same path).
while read -r tag mode path; do
    mkdir -p "/newroot$path" 2>/dev/null
    mount -t 9p -o $mode,$opts "$tag" "/newroot$path" || fail "share: cannot mount $tag at $path"
done < $ctl/mounts
hostname labs-amdv

say "running the lab"
chroot /newroot /bin/sh /run/labs-ctl/run.sh > $ctl/stdout 2> $ctl/stderr < /dev/null
echo $? > $ctl/status.tmp && mv $ctl/status.tmp $ctl/status
sync
poweroff -f
