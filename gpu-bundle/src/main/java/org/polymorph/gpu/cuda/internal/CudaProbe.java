package org.polymorph.gpu.cuda.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;
import org.polymorph.gpu.internal.natives.ContextLoader;

/**
 * Probes for CUDA through the JCuda driver API (cuInit, device count, names, compute capability,
 * driver version), in the background. Without a driver the first touch of JCudaDriver throws
 * UnsatisfiedLinkError (libcuda.so.1 missing) and later touches NoClassDefFoundError; both are
 * caught and reported as "unavailable". When a device answers, the bundle registers the
 * {@link CudaTensorService} on it (see GpuActivator).
 */
public final class CudaProbe {
    private final CompletableFuture<Map<String, Object>> result;

    public CudaProbe(Executor executor) {
        this.result = CompletableFuture.supplyAsync(() -> ContextLoader.call(CudaProbe::probe), executor);
    }

    /** The probe result if finished, else {"state": "probing"}. */
    public Map<String, Object> resultNow() {
        return result.isDone() ? result.join() : Map.of("state", "probing");
    }

    /** Waits for the probe. */
    public Map<String, Object> await() { return result.join(); }

    /** Runs the probe on the calling thread; never throws for a missing driver or library. */
    public static Map<String, Object> probe() {
        long t0 = System.nanoTime();
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            JCudaDriver.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            int[] v = new int[1];
            JCudaDriver.cuDriverGetVersion(v);
            int[] count = new int[1];
            JCudaDriver.cuDeviceGetCount(count);
            out.put("available", count[0] > 0);
            out.put("driver_version", v[0] / 1000 + "." + (v[0] % 1000) / 10);
            out.put("device_count", count[0]);
            out.put("devices", devices(count[0]));
            out.put("detail", count[0] > 0 ? "CUDA driver answered; the cuda TensorService is registered if the device passes its self-check"
                    : "CUDA driver present but no device; staying on nd4j-cpu");
        } catch (LinkageError | CudaException e) {
            out.put("available", false);
            out.put("device_count", 0);
            out.put("detail", "CUDA unavailable (" + firstCause(e) + "); staying on nd4j-cpu");
        }
        out.put("probe_ms", Math.round((System.nanoTime() - t0) / 1e5) / 10.0);
        return out;
    }

    private static List<Map<String, Object>> devices(int count) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CUdevice dev = new CUdevice();
            JCudaDriver.cuDeviceGet(dev, i);
            byte[] name = new byte[256];
            JCudaDriver.cuDeviceGetName(name, name.length, dev);
            int[] major = new int[1];
            int[] minor = new int[1];
            JCudaDriver.cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
            JCudaDriver.cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
            long[] mem = new long[1];
            JCudaDriver.cuDeviceTotalMem(mem, dev);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("index", i);
            d.put("name", cString(name));
            d.put("compute_capability", major[0] + "." + minor[0]);
            d.put("memory_gib", Math.round(mem[0] / 1073741824.0 * 10) / 10.0);
            list.add(d);
        }
        return list;
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** The reason of the first linkage failure in this class loader (the later ones only say the class could not be initialised). */
    private static volatile String firstLinkFailure;

    /**
     * The reason to report for {@code e}: for a NoClassDefFoundError after an earlier failure (JCudaDriver
     * failed to initialise once; every later touch says only that), the first failure's reason, so
     * every probe names the missing library whichever code touched JCuda first.
     */
    static String firstCause(Throwable e) {
        String now = rootMessage(e);
        if (e instanceof LinkageError) {
            if (e instanceof NoClassDefFoundError && firstLinkFailure != null) return firstLinkFailure;
            if (firstLinkFailure == null) firstLinkFailure = now;
        }
        return now;
    }

    /** One line: the error's first message line, plus the missing shared library when JCuda names it. */
    static String rootMessage(Throwable e) {
        String msg = String.valueOf(e.getMessage());
        String first = msg.lines().findFirst().orElse("").trim();
        java.util.regex.Matcher m = MISSING_LIB.matcher(msg);
        return e.getClass().getSimpleName() + ": " + first + (m.find() ? "; missing " + m.group(1) : "");
    }

    private static final java.util.regex.Pattern MISSING_LIB =
            java.util.regex.Pattern.compile("([\\w.+-]+\\.so[\\w.]*): cannot open shared object file");
}
