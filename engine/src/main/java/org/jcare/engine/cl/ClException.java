package org.jcare.engine.cl;

/**
 * An OpenCL failure: carries the CL error's name, the call that failed and, where there is one, the kernel
 * with its global and local sizes.
 */
public final class ClException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errorCode;

    /** Creates an exception for a failed OpenCL call. */
    public ClException(int errorCode, String message) {
        super(message + ": " + ClErrorNames.name(errorCode) + " (" + errorCode + ")");
        this.errorCode = errorCode;
    }

    /** Creates an exception that has no CL error code (a build failure, a missing device). */
    public ClException(String message) {
        super(message);
        this.errorCode = 0;
    }

    /** The OpenCL error code, 0 when the failure is not an OpenCL status. */
    public int errorCode() {
        return errorCode;
    }

    /** Throws when {@code status} is not CL_SUCCESS, naming {@code call}. */
    public static void check(int status, String call) {
        if (status != 0) {
            throw new ClException(status, call);
        }
    }
}
