package org.polymorph.gpu.cpu.internal;

import com.sun.jna.NativeLibrary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * OpenBLAS through JavaCPP (org.bytedeco:openblas 0.3.31-1.5.13, the one ND4J also links to).
 * Loading happens once, asynchronously, inside the guard; GEMM calls wait for it. The core name
 * and thread count are read with JNA from the loaded library, since the Java preset does not map
 * {@code openblas_get_corename}.
 */
public final class Blas {
    private final CompletableFuture<Map<String, Object>> loaded;

    public Blas(Executor executor) {
        this.loaded = CompletableFuture.supplyAsync(() -> NativeGuard.call(Blas::load), executor);
    }

    /** Facts about the loaded library; waits for loading. */
    public Map<String, Object> info() { return loaded.join(); }

    /** Facts if loading has finished, else a one-entry map saying it is still loading. */
    Map<String, Object> infoNow() {
        return loaded.isDone() && !loaded.isCompletedExceptionally() ? loaded.join() : Map.of("state", loaded.isDone() ? "failed" : "loading");
    }

    void awaitLoaded() { loaded.join(); }

    /** Completes when OpenBLAS has loaded (or failed to). */
    CompletableFuture<Map<String, Object>> loaded() { return loaded; }

    private static Map<String, Object> load() {
        long t0 = System.nanoTime();
        Loader.load(openblas.class);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("vendor", "OpenBLAS");
        info.put("version", openblas.OPENBLAS_VERSION.trim());
        String path = Loader.getLoadedLibraries().get("openblas@.0");
        try {
            NativeLibrary lib = NativeLibrary.getInstance(path);
            info.put("core", lib.getFunction("openblas_get_corename").invokeString(new Object[0], false));
            info.put("config", lib.getFunction("openblas_get_config").invokeString(new Object[0], false).trim());
            info.put("threads", lib.getFunction("openblas_get_num_threads").invokeInt(new Object[0]));
        } catch (RuntimeException | LinkageError e) {
            info.put("core", "unknown (JNA could not read it: " + e + ")");
        }
        info.put("library", path);
        info.put("javacpp_version", javacppVersion());
        info.put("load_ms", Math.round((System.nanoTime() - t0) / 1e5) / 10.0);
        return info;
    }

    private static String javacppVersion() {
        try {
            return Loader.getVersion();
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * Row-major C[m, n] = op(A) op(B), op = transpose when the flag is set; pointers are positioned
     * at the first element of each matrix. Call inside the guard.
     */
    static void dgemm(boolean ta, boolean tb, int m, int n, int k, DoublePointer a, int lda,
                      DoublePointer b, int ldb, DoublePointer c, int ldc) {
        openblas.cblas_dgemm(openblas.CblasRowMajor, ta ? openblas.CblasTrans : openblas.CblasNoTrans,
                tb ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, ldc);
    }

    static void sgemm(boolean ta, boolean tb, int m, int n, int k, FloatPointer a, int lda,
                      FloatPointer b, int ldb, FloatPointer c, int ldc) {
        openblas.cblas_sgemm(openblas.CblasRowMajor, ta ? openblas.CblasTrans : openblas.CblasNoTrans,
                tb ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, ldc);
    }
}
