package org.polymorph.gpu.nd4j.internal;

import java.util.concurrent.Callable;
import org.nd4j.common.config.ND4JClassLoading;

/**
 * The class-loader guard around every call into ND4J and JavaCPP (OSGI-STACK.md section 1,
 * pitfall 1): ND4J finds its backend and loads classes lazily through the thread context class
 * loader and its own static loader, which inside OSGi must be this bundle's class loader.
 */
public final class NativeGuard {
    private static final ClassLoader BUNDLE_LOADER = NativeGuard.class.getClassLoader();

    private NativeGuard() { }

    /** Runs {@code body} with the bundle class loader in place; checked exceptions are wrapped. */
    public static <T> T call(Callable<T> body) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(BUNDLE_LOADER);
        try {
            ND4JClassLoading.setNd4jClassloader(BUNDLE_LOADER);
            return body.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("native call failed: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }
}
