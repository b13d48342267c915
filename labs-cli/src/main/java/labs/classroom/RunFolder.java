package labs.classroom;

import java.nio.file.Path;

/**
 * One run folder handed in by a student, as its meta.json describes it.
 *
 * @param student     whose folder it came from (the name of the folder given to {@code labs class merge})
 * @param path        the run folder
 * @param name        the run folder relative to the student's folder (results/io-compare/TIME)
 * @param lab         meta.json's lab
 * @param started     meta.json's start time, as written (with the fingerprint, what makes a run the same run)
 * @param complete    whether the lab finished
 * @param accelerator kvm, tcg, none, or kvm-amdv (KVM inside the emulated AMD-V machine): never pooled
 * @param hostId      a short hash of meta.json's host fingerprint (the machine, without naming it)
 * @param cpuModel    the fingerprint's CPU model, for the reader
 * @param labsVersion the labs version and commit that measured it
 * @param contentHash SHA-256 of every file in the folder (names and bytes): the same folder handed in twice
 */
public record RunFolder(String student, Path path, String name, String lab, String started, boolean complete,
                        String accelerator, String hostId, String cpuModel, String labsVersion, String contentHash) {
    /** The key that makes two folders the same run: the same machine and the same start time. */
    String runKey() { return hostId + "|" + started; }
}
