package org.polymorph.gpu.cpu.internal;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J, initialised once on first use (0.4-2.5 s: JavaCPP unpacks and loads libnd4jcpu), so the
 * bundle registers at once, short headless runs never pay for it, and small-tensor work never
 * waits. The service's own ops do not need ND4J (BLAS/LAPACK go straight to OpenBLAS); only the
 * direct-ND4J benchmarks and ND4J's facts in {@code describe} do. It starts after OpenBLAS, which
 * it links to, has loaded.
 */
public final class Nd4jRuntime {
    private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(Nd4jRuntime.class);
    private final Executor executor;
    private final Blas blas;
    private volatile CompletableFuture<Map<String, Object>> ready;

    public Nd4jRuntime(Executor executor, Blas blas) {
        this.executor = executor;
        this.blas = blas;
    }

    /** Starts initialisation if it has not started; never blocks. */
    public synchronized CompletableFuture<Map<String, Object>> start() {
        if (ready == null) {
            ready = blas.loaded().handle((info, error) -> null)
                    .thenApplyAsync(ignored -> NativeGuard.call(Nd4jRuntime::init), executor);
            ready.whenComplete((info, error) -> {
                if (error == null) LOG.info("ND4J ready: {}", info); else LOG.warn("ND4J initialisation failed: {}", error.toString());
            });
        }
        return ready;
    }

    private static Map<String, Object> init() {
        long t0 = System.nanoTime();
        Nd4j.create(DataType.DOUBLE, 2, 2).addi(1.0);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("state", "ready");
        info.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        info.put("init_ms", Math.round((System.nanoTime() - t0) / 1e5) / 10.0);
        return info;
    }

    /** Waits for ND4J; rethrows its initialisation failure. */
    public Map<String, Object> await() { return start().join(); }

    /** ND4J facts without waiting: version always, the rest once initialised. */
    public Map<String, Object> infoNow() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", version());
        CompletableFuture<Map<String, Object>> ready = this.ready;
        if (ready == null) {
            info.put("state", "not started (initialised on first use, e.g. by bench.matmul)");
        } else if (!ready.isDone()) {
            info.put("state", "initialising");
        } else if (ready.isCompletedExceptionally()) {
            info.put("state", "failed");
            ready.handle((v, e) -> info.put("error", String.valueOf(e)));
        } else {
            info.putAll(ready.join());
        }
        return info;
    }

    /** The embedded nd4j-api version, read from its Maven metadata (no ND4J class loaded). */
    public static String version() {
        try (InputStream in = Nd4jRuntime.class.getClassLoader().getResourceAsStream("META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
