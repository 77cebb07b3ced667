package org.polymorph.gpu.nd4j.internal;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J, initialised once in the background (0.4-2.5 s: it unpacks and loads libnd4jcpu), so the
 * bundle registers at once and small-tensor work never waits. It starts after OpenBLAS (which it
 * links to) has loaded, so a cold start's first BLAS/LAPACK call does not compete with it. Only
 * what needs ND4J itself (the direct-ND4J benchmarks, its facts in describe) waits for it.
 */
public final class Nd4jRuntime {
    private final CompletableFuture<Map<String, Object>> ready;

    /** Starts initialising once OpenBLAS (which ND4J links to) has loaded, so the two never compete. */
    public Nd4jRuntime(Executor executor, Blas blas) {
        this.ready = blas.loaded().handle((info, error) -> null)
                .thenApplyAsync(ignored -> NativeGuard.call(Nd4jRuntime::init), executor);
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
    public Map<String, Object> await() { return ready.join(); }

    /** ND4J facts without waiting: version always, the rest once initialised. */
    public Map<String, Object> infoNow() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", version());
        if (!ready.isDone()) {
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
