package labs.launcher;

import labs.common.LabsException;

/** Why a boot failed, carried so that AUTO can retry under TCG; callers outside the booter see {@link #error}. */
final class BootFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient LabsException error;

    BootFailure(LabsException error) {
        super(error.getMessage(), error);
        this.error = error;
    }
}
