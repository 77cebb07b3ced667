package org.polymorph.gpu.cuda.internal;

/**
 * A device call that failed: names the call (e.g. {@code cuLaunchKernel}), the kernel when there is
 * one, and the result code with its name (e.g. {@code 700 CUDA_ERROR_ILLEGAL_ADDRESS}).
 */
public final class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final String kernel;
    private final int code;

    public DeviceException(String call, String kernel, int code, String codeName) {
        super(call + (kernel == null ? "" : " (kernel " + kernel + ")") + " failed: " + code + " " + codeName);
        this.call = call;
        this.kernel = kernel;
        this.code = code;
    }

    /** The API call that failed. */
    public String call() { return call; }

    /** The kernel the call was for, or null. */
    public String kernel() { return kernel; }

    /** The result code (a CUresult value). */
    public int code() { return code; }
}
