package labs.lab;

import labs.cpuinfo.KvmVerdict;
import labs.cpuinfo.check.Host;
import labs.launcher.AccelProbe;

/** The launcher's acceleration probe on this machine: vt-check's verdict and its /proc/cpuinfo parser. */
public final class HostAccelProbe implements AccelProbe {
    public static final HostAccelProbe INSTANCE = new HostAccelProbe();

    private HostAccelProbe() {}

    @Override
    public Verdict kvm() {
        KvmVerdict v = KvmVerdict.ofThisMachine();
        return new Verdict(v.kvmUsable(), v.reason());
    }

    /** Any logical CPU whose flags hold vmx or svm, as vt-check and the book's egrep count them. */
    @Override
    public boolean cpuHasHwVirt() {
        return Host.thisMachine().cpuinfo().hwVirtCount() > 0;
    }
}
