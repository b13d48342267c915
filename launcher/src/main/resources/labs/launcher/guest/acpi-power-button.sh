#!/bin/sh
# labs guest: busybox acpid runs this when the ACPI power button is pressed (QMP system_powerdown, which
# `labs vm shutdown` falls back to when the agent cannot be reached). It ends the guest as the agent's POWEROFF
# does: the data disk written out, then power off. acpid runs in the initramfs, where the data disk is at
# /newroot/data; the unmount fails while a command still works there, and sync has already saved the data then.
echo "labs-guest: ACPI power button: powering off" > /dev/console
sync
umount /newroot/data 2>/dev/null
poweroff -f
