package org.polymorph.gpu.cpu.internal;

import java.util.concurrent.Callable;
import org.nd4j.common.config.ND4JClassLoading;
import org.polymorph.gpu.internal.natives.ContextLoader;

/**
 * The class-loader guard around every call into ND4J and JavaCPP:
 * ND4J finds its backend and loads classes lazily through the thread context class
 * loader and its own static loader, which inside OSGi must be this bundle's class loader.
 */
public final class NativeGuard {
    private NativeGuard() { }

    /** Runs {@code body} with the bundle class loader in place; checked exceptions are wrapped. */
    public static <T> T call(Callable<T> body) {
        return ContextLoader.call(() -> {
            ND4JClassLoading.setNd4jClassloader(ContextLoader.bundleLoader());
            return body.call();
        });
    }

    public static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }
}
