package labs.classroom;

/**
 * One figure of one run in the class CSV: io-compare's host, guest and guest/host medians per workload and numjobs,
 * vt-check's verdict and vmx/svm count.
 *
 * @param workload  io-compare's workload (seq-read, rand-write, ...) or the lab's name for single-figure labs
 * @param numjobs   fio's numjobs, or empty
 * @param figure    host, guest, guest/host, kvm_usable, vmx_svm_cpus, ...
 * @param value     as written by the lab (a number, true/false, or a reason code)
 * @param low       the 95% interval's low end, or empty
 * @param high      the 95% interval's high end, or empty
 * @param n         how many measurements the figure stands for, or empty
 */
public record Figure(String workload, String numjobs, String figure, String unit, String value, String low,
                     String high, String n) {
    /** The distribution this figure belongs to in the charts and the summary (workload and numjobs). */
    String group() { return numjobs.isEmpty() ? workload : workload + " nj" + numjobs; }
}
