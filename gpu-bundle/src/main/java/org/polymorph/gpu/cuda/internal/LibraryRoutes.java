package org.polymorph.gpu.cuda.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cuda.internal.CudaLibraries.Family;

/**
 * Which path the CUDA TensorService's matmul, linear algebra and FFT take: cuBLAS, cuSOLVER and
 * cuFFT where {@link CudaLibraries} loaded them and the device is a CUDA driver device, else the
 * bundle's own matmul kernel and the host. The libraries are loaded on the first op that could use
 * them (or the first {@link #describe()}); a family whose handle cannot be created on some thread
 * is given up for this service, with the reason logged once and shown by {@link #describe()}.
 */
final class LibraryRoutes {
    private static final Logger LOG = LogManager.getLogger(LibraryRoutes.class);

    private final String noDevice;
    private final LibraryHandles handles;
    private final CublasGemm gemm;
    private final CusolverLinalg solver;
    private final CufftTransforms fft;
    private final Map<Family, String> failed = new ConcurrentHashMap<>();

    /** For {@code svc}, the service on {@code k}'s device, whose own ops the library paths use for transposes and casts. */
    LibraryRoutes(TensorService svc, KernelLauncher k, HostBridge bridge) {
        boolean driver = k.device().driverStream().isPresent();
        this.noDevice = driver ? null : "the device (" + k.device().getClass().getSimpleName() + ") runs no CUDA driver stream";
        if (driver) {
            handles = new LibraryHandles(k.device(), Boolean.getBoolean(LibraryHandles.TF32));
            gemm = new CublasGemm(handles);
            solver = new CusolverLinalg(handles, svc, k, bridge);
            fft = new CufftTransforms(handles, svc, k, bridge);
        } else {
            handles = null;
            gemm = null;
            solver = null;
            fft = null;
        }
    }

    /** cuBLAS's gemm when usable on this thread, else null (the own kernel runs). */
    CublasGemm gemm() { return usable(Family.CUBLAS) ? gemm : null; }

    /** cuSOLVER's linear algebra when usable on this thread, else null (the host runs it). */
    CusolverLinalg solver() { return usable(Family.CUSOLVER) ? solver : null; }

    /** cuFFT's transforms when usable on this thread, else null (the host runs them). */
    CufftTransforms fft() { return usable(Family.CUFFT) ? fft : null; }

    private boolean usable(Family f) {
        if (handles == null || failed.containsKey(f) || !CudaLibraries.loaded(f)) return false;
        try {
            switch (f) {
                case CUBLAS -> handles.cublas();
                case CUSOLVER -> handles.cusolver();
                case CUFFT -> { }   // plans are made per length; a failure there is the op's error
                default -> throw new IllegalStateException("unknown family " + f);
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            String why = f.title + " loaded but its handle could not be created: " + CudaLibraries.reason(e);
            if (failed.putIfAbsent(f, why) == null) LOG.warn("{}; {} keep the bundle's own path", why, f.ops);
            return false;
        }
    }

    /** Per op family: the path ("cublas", "own kernel", "cusolver", "host", ...) and, when not the library, why not. */
    Map<String, Object> describe() {
        Map<Family, String> fallback = new EnumMap<>(Map.of(Family.CUBLAS, "own kernel (matmul.cu)",
                Family.CUSOLVER, "host", Family.CUFFT, "host"));
        Map<Family, String> group = new EnumMap<>(Map.of(Family.CUBLAS, "matmul", Family.CUSOLVER, "linalg", Family.CUFFT, "fft"));
        Map<Family, CudaLibraries.Status> status = noDevice == null ? CudaLibraries.status() : null;
        Map<String, Object> m = new LinkedHashMap<>();
        for (Family f : Family.values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("ops", f.ops);
            String why = noDevice != null ? noDevice : !status.get(f).loaded() ? status.get(f).detail() : failed.get(f);
            if (why == null) {
                e.put("path", f.key() + " (" + status.get(f).detail() + ")");
                if (f == Family.CUBLAS) e.put("tf32", handles.tf32());
                if (f != Family.CUBLAS) e.put("precision", "float64 (float32 widened on the device, rounded once)");
            } else {
                e.put("path", fallback.get(f));
                e.put("why", why);
            }
            m.put(group.get(f), e);
        }
        return m;
    }
}
