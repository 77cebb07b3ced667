package org.polymorph.gpu.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the cuda backend is not registered, in one line for the user who asked for {@code backend=cuda}: from the
 * {@link org.polymorph.gpu.cuda.internal.CudaProbe} result when no device answered (no driver, no device), or from
 * the step after the probe that failed (opening the device, its self-check). The same facts the bundle logs.
 */
final class CudaAbsence {
    /** The cause inside the probe's detail "CUDA unavailable (cause); staying on ...". */
    private static final Pattern UNAVAILABLE = Pattern.compile("^CUDA unavailable \\((.*)\\); staying on .*$", Pattern.DOTALL);

    private CudaAbsence() { }

    /** For a probe that found no usable device: "no CUDA driver (cause)" or "the CUDA driver 12.4 reports no device". */
    static String fromProbe(Map<String, Object> probe) {
        Object driver = probe.get("driver_version");
        if (driver != null) return "the CUDA driver " + driver + " reports no device";
        String detail = String.valueOf(probe.getOrDefault("detail", "the probe gave no detail"));
        Matcher m = UNAVAILABLE.matcher(detail);
        return "no CUDA driver (" + (m.matches() ? m.group(1) : detail) + ")";
    }

    /** The device answered the probe but could not be opened. */
    static String notOpened(Throwable error) {
        return "a CUDA device answered but could not be opened (" + error + ")";
    }

    /** The device failed {@link org.polymorph.gpu.cuda.internal.CudaSelfCheck}. */
    static String selfCheckFailed(String device, String failure) {
        return "CUDA device " + device + " failed its self-check (" + failure + ")";
    }
}
