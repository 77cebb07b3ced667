package org.polymorph.gpu.cuda.internal;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cufft;
import org.bytedeco.cuda.global.cusolver;
import org.polymorph.gpu.internal.natives.ContextLoader;

/**
 * Whether NVIDIA's CUDA libraries load in this process, through the JavaCPP presets
 * ({@code org.bytedeco:cuda}, whose JNI wrappers link against an installed CUDA 13: libcudart.so.13,
 * libcublas.so.13, libcusolver.so.12, libcufft.so.12, found on LD_LIBRARY_PATH or
 * java.library.path). Each family is tried once, on first use, with the bundle's class loader;
 * one that does not load is reported with the reason (in {@link #describe()}, and logged once),
 * and the CUDA TensorService keeps its own kernels or the host for it.
 *
 * <p>The system property {@value #PROPERTY} names the families to use, a comma list of
 * {@code cublas,cusolver,cufft} (the default: all three) or {@code none}, e.g. to time the bundle's
 * own matmul kernel against cuBLAS.
 */
final class CudaLibraries {
    /** System property listing the families to use ({@code none}: none of them). */
    static final String PROPERTY = "polymorph.cuda.libraries";

    /** The property's default: every family. */
    static final String ALL = "cublas,cusolver,cufft";

    private static final Logger LOG = LogManager.getLogger(CudaLibraries.class);

    /** A library family and the op families that use it. */
    enum Family {
        CUBLAS("cuBLAS", "matmul, dot"),
        CUSOLVER("cuSOLVER", "solve, inverse, det, cholesky, eigh, qr, svd"),
        CUFFT("cuFFT", "rfft, irfft, fft, ifft");

        final String title;
        final String ops;

        Family(String title, String ops) {
            this.title = title;
            this.ops = ops;
        }

        String key() { return name().toLowerCase(Locale.ROOT); }
    }

    /** Whether a family loaded: its version when it did, else why not. */
    record Status(boolean loaded, String detail) { }

    private static volatile Map<Family, Status> status;

    private CudaLibraries() { }

    /** The families' status, loading them on the first call. Never throws. */
    static Map<Family, Status> status() {
        Map<Family, Status> s = status;
        if (s == null) {
            synchronized (CudaLibraries.class) {
                s = status;
                if (s == null) {
                    s = load(System.getProperty(PROPERTY, ALL));
                    status = s;
                }
            }
        }
        return s;
    }

    /** Whether {@code f} loaded. */
    static boolean loaded(Family f) { return status().get(f).loaded(); }

    /** Loads the families that {@code use} (the property's value) names, logging each outcome once. */
    static Map<Family, Status> load(String use) {
        Map<Family, Status> m = new EnumMap<>(Family.class);
        Set<String> named = new HashSet<>(Arrays.asList(use.replace(" ", "").toLowerCase(Locale.ROOT).split(",")));
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(Set.of("none", ""));
        for (Family f : Family.values()) unknown.remove(f.key());
        if (!unknown.isEmpty()) {
            LOG.warn("-D{}={} names {}, which are no library families; give a comma list of {} or none", PROPERTY, use, unknown, ALL);
        }
        Status runtime = null;
        for (Family f : Family.values()) {
            Status st;
            if (!named.contains(f.key())) {
                st = new Status(false, "not named by -D" + PROPERTY + "=" + use);
            } else {
                if (runtime == null) runtime = attempt("the CUDA runtime (libcudart.so.13 and the driver, libcuda.so.1)", CudaLibraries::runtimeVersion);
                st = !runtime.loaded() ? runtime : attempt(f.title, () -> version(f));
            }
            m.put(f, st);
            if (st.loaded()) LOG.info("{} loaded ({}): {} run through it", f.title, st.detail(), f.ops);
            else LOG.info("{} not used ({}): {} keep the bundle's own path", f.title, st.detail(), f.ops);
        }
        return m;
    }

    /** Runs {@code body} with the bundle's class loader; any failure (a missing library, a missing symbol) becomes the reason. */
    private static Status attempt(String what, Supplier<String> body) {
        try {
            return new Status(true, ContextLoader.call(body::get));
        } catch (Throwable t) {   // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError, ...
            return new Status(false, what + " did not load: " + reason(t));
        }
    }

    /** The innermost message of a failure, on one line. */
    static String reason(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String msg = c.getMessage() == null ? "" : c.getMessage().replace('\n', ' ').trim();
        return c.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }

    private static String runtimeVersion() {
        Loader.load(cudart.class);
        int[] runtime = new int[1];
        int[] driver = new int[1];
        int code = cudart.cudaRuntimeGetVersion(runtime);
        if (code != 0) throw new IllegalStateException("cudaRuntimeGetVersion failed: " + code);
        code = cudart.cudaDriverGetVersion(driver);
        if (code != 0) throw new IllegalStateException("cudaDriverGetVersion failed: " + code);
        if (driver[0] < runtime[0]) {
            throw new IllegalStateException("the driver supports CUDA " + dotted(driver[0]) + ", older than the runtime's "
                    + dotted(runtime[0]) + "; install a driver of CUDA " + dotted(runtime[0]) + " or newer");
        }
        return "runtime " + dotted(runtime[0]) + ", driver " + dotted(driver[0]);
    }

    /** CUDA's version number 1000 * major + 10 * minor as "major.minor". */
    private static String dotted(int v) { return v / 1000 + "." + (v % 1000) / 10; }

    private static String version(Family f) {
        int[] v = new int[1];
        int code;
        switch (f) {
            case CUBLAS -> {
                Loader.load(cublas.class);
                code = cublas.cublasGetVersion(v);
            }
            case CUSOLVER -> {
                Loader.load(cusolver.class);
                code = cusolver.cusolverGetVersion(v);
            }
            case CUFFT -> {
                Loader.load(cufft.class);
                code = cufft.cufftGetVersion(v);
            }
            default -> throw new IllegalStateException("unknown family " + f);
        }
        if (code != 0) throw new IllegalStateException(f.title + " version query failed: " + code);
        return "version " + v[0];
    }

    /** Per family: loaded or not, and the version or the reason. */
    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        status().forEach((f, st) -> m.put(f.key(), Map.of("loaded", st.loaded(), "detail", st.detail())));
        return m;
    }
}
