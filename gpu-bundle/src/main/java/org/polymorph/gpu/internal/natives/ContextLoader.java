package org.polymorph.gpu.internal.natives;

import java.util.concurrent.Callable;

/**
 * Runs native-library code with this bundle's class loader as the thread context class loader:
 * JavaCPP, ND4J and JCuda find their classes and native
 * libraries through it, and inside OSGi the caller's thread may carry any loader. Shared by the CPU
 * and the CUDA backends, which otherwise know nothing of each other.
 */
public final class ContextLoader {
    private static final ClassLoader BUNDLE_LOADER = ContextLoader.class.getClassLoader();

    private ContextLoader() { }

    /** The bundle's class loader. */
    public static ClassLoader bundleLoader() { return BUNDLE_LOADER; }

    /** Runs {@code body} with the bundle class loader in place; checked exceptions are wrapped. */
    public static <T> T call(Callable<T> body) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(BUNDLE_LOADER);
        try {
            return body.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("native call failed: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
