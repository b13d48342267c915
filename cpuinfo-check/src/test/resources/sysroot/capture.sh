#!/usr/bin/env bash
# capture.sh DIR: saves what `labs run vt-check --sysroot DIR` reads from a machine (no devices, no secrets:
# cpuinfo, memory size, kernel version, KVM module parameters, DMI vendor/product, cgroups, IOMMU presence).
set -euo pipefail
d=${1:?usage: capture.sh DIR}
mkdir -p "$d"/proc/sys/kernel "$d"/sys/class/dmi/id "$d"/sys/fs/cgroup "$d"/sys/hypervisor "$d"/etc
for f in cpuinfo meminfo version cmdline cgroups; do cp /proc/$f "$d"/proc/ 2>/dev/null || true; done
for f in osrelease hostname; do cp /proc/sys/kernel/$f "$d"/proc/sys/kernel/ 2>/dev/null || true; done
cp /etc/os-release "$d"/etc/ 2>/dev/null || true
for m in /sys/module/kvm /sys/module/kvm_intel /sys/module/kvm_amd /sys/module/kvm_pvm; do
  [ -d "$m" ] || continue
  mkdir -p "$d$m/parameters"
  [ -f "$m/initstate" ] && cp "$m/initstate" "$d$m/" || true
  for p in "$m"/parameters/*; do [ -r "$p" ] && cat "$p" >"$d$p" 2>/dev/null || true; done
done
for f in sys_vendor product_name; do cp /sys/class/dmi/id/$f "$d"/sys/class/dmi/id/ 2>/dev/null || true; done
cp /sys/hypervisor/type "$d"/sys/hypervisor/ 2>/dev/null || true
cp /sys/fs/cgroup/cgroup.controllers "$d"/sys/fs/cgroup/ 2>/dev/null || true
for g in /sys/class/iommu/* /sys/kernel/iommu_groups/*; do [ -e "$g" ] && mkdir -p "$d$g" && touch "$d$g/.present"; done
echo "saved to $d; check it with: labs run vt-check --sysroot $d"
