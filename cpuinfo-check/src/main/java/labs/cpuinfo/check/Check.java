package labs.cpuinfo.check;

import java.util.List;

/**
 * One concern of vt-check (the CPU, /dev/kvm, the KVM API ...). A check reads only what {@link Host} gives it,
 * so the same code checks this machine or a saved dump, and records what the verdict needs in its own
 * {@link Facts.Builder} (given the facts of the checks before it when it runs in order, none when on its own thread).
 */
public interface Check {
    List<Finding> run(Host host, Facts.Builder facts);
}
