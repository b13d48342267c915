package labs.lab;

import labs.common.Progress;

/** A second process for MeasureLockTest: takes the measuring lock at args[0], says "held", keeps it until stdin ends. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (MeasureLock l = MeasureLock.acquire(java.nio.file.Path.of(args[0]), "holder-lab", false, Progress.SILENT)) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our stdin
            }
        }
    }
}
