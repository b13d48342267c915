#!/usr/bin/env python3
"""Writes the synthetic x86 cpuinfo fixtures (see README.md): the layout Linux's show_cpuinfo() prints
(arch/x86/kernel/cpu/proc.c), field by field as on this machine's real /proc/cpuinfo; flag names from
arch/x86/include/asm/cpufeatures.h and vmxfeatures.h. Run it in this folder: python3 make-x86-fixtures.py"""


def block(i, vendor, fam, model, name, stepping, flags, vmx=None, siblings=4, cores=2, core=None):
    core = i % cores if core is None else core
    s = f"""processor\t: {i}
vendor_id\t: {vendor}
cpu family\t: {fam}
model\t\t: {model}
model name\t: {name}
stepping\t: {stepping}
microcode\t: 0xf4
cpu MHz\t\t: 1800.000
cache size\t: 8192 KB
physical id\t: 0
siblings\t: {siblings}
core id\t\t: {core}
cpu cores\t: {cores}
apicid\t\t: {i}
initial apicid\t: {i}
fpu\t\t: yes
fpu_exception\t: yes
cpuid level\t: 22
wp\t\t: yes
flags\t\t: {flags}
"""
    if vmx is not None:
        s += f"vmx flags\t: {vmx}\n"
    s += """bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs
bogomips\t: 3600.00
clflush size\t: 64
cache_alignment\t: 64
address sizes\t: 39 bits physical, 48 bits virtual
power management:

"""
    return s


def write(name, text):
    with open(name, "w") as f:
        f.write(text)


base = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe "
        "syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf "
        "pni pclmulqdq dtes64 monitor ds_cpl {V}est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt "
        "tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb invpcid_single ssbd ibrs ibpb stibp "
        "{T}fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid mpx rdseed adx smap clflushopt intel_pt xsaveopt xsavec xgetbv1 "
        "xsaves dtherm ida arat pln pts hwp hwp_notify hwp_act_window hwp_epp md_clear flush_l1d arch_capabilities")
vmxline = ("vnmi preemption_timer posted_intr invvpid ept_x_only ept_ad ept_1gb flexpriority apicv tsc_offset vtpr mtf vapic ept "
           "vpid unrestricted_guest vapic_reg vid ple pml ept_mode_based_exec")
with_vmx = base.replace("{V}", "vmx smx ").replace("{T}", "tpr_shadow vnmi flexpriority ept vpid ept_ad ")
without = base.replace("{V}", "").replace("{T}", "")
name = "Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz"
write("intel-vmx.cpuinfo", "".join(block(i, "GenuineIntel", 6, 142, name, 10, with_vmx, vmxline) for i in range(4)))
# Same laptop with VT-x switched off in the firmware: Linux >= 5.6 drops vmx and the vmx flags line.
write("intel-vt-disabled.cpuinfo", "".join(block(i, "GenuineIntel", 6, 142, name, 10, without) for i in range(4)))
# A first-generation VT-x CPU without EPT/unrestricted guest (a Core 2 era part).
old_vmx = "vnmi flexpriority tsc_offset vtpr vapic vpid"
old = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe "
       "syscall nx lm constant_tsc arch_perfmon pebs bts rep_good nopl cpuid aperfmperf pni dtes64 monitor ds_cpl vmx est tm2 "
       "ssse3 cx16 xtpr pdcm sse4_1 lahf_lm pti tpr_shadow vnmi flexpriority vpid dtherm")
write("intel-vmx-no-ept.cpuinfo", "".join(block(i, "GenuineIntel", 6, 23, "Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz",
                                                10, old, old_vmx, 2, 2) for i in range(2)))
# Firmware that enabled VMX on some cores only (a BIOS bug kvm_intel refuses): vmx on processors 0 and 1 of 4.
write("intel-vmx-mismatch.cpuinfo", "".join(block(i, "GenuineIntel", 6, 142, name, 10, with_vmx if i < 2 else without,
                                                  vmxline if i < 2 else None) for i in range(4)))
# A low-end CPU with no VT-x at all (no vmx, no hypervisor flag, a model labs does not know to have VT-x).
atom = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe "
        "syscall nx lm constant_tsc arch_perfmon pebs bts rep_good nopl cpuid aperfmperf pni dtes64 monitor ds_cpl est tm2 ssse3 "
        "xtpr pdcm movbe lahf_lm dtherm")
write("intel-no-flags.cpuinfo", "".join(block(i, "GenuineIntel", 6, 28, "Intel(R) Atom(TM) CPU N270   @ 1.60GHz", 2, atom,
                                              None, 2, 1, 0) for i in range(2)))
# AMD Ryzen (Zen 2) with AMD-V: svm and its sub-features are in the flags line; there is no vmx flags line.
amd = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext "
       "fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor "
       "ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a "
       "misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 "
       "cdp_l3 hw_pstate ssbd mba ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 cqm rdt_a rdseed adx smap clflushopt clwb "
       "sha_ni xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local clzero irperf xsaveerptr rdpru "
       "wbnoinvd arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic "
       "v_vmsave_vmload vgif v_spec_ctrl umip rdpid overflow_recov succor smca sev sev_es")
write("amd-svm.cpuinfo", "".join(block(i, "AuthenticAMD", 23, 113, "AMD Ryzen 5 3600 6-Core Processor", 0, amd, None, 4, 2)
                                 for i in range(4)))
# Truncated: the intel-vmx text cut inside processor 2's block, in the middle of its flags line.
t = open("intel-vmx.cpuinfo").read()
cut = t.index("flags\t\t:", t.index("processor\t: 2")) + 40
write("truncated.cpuinfo", t[:cut])
write("empty.cpuinfo", "")
write("garbage.cpuinfo", "This is not a cpuinfo file.\nIt is a shopping list: eggs, milk\n\n1234567890\n#!/bin/sh\necho hi\n")
