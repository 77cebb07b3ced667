package org.polymorph.gpu.internal;

import com.google.inject.Injector;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cuda.internal.CudaProbe;
import org.polymorph.gpu.internal.method.BenchMatmulMethod;
import org.polymorph.gpu.internal.method.BenchOpsMethod;
import org.polymorph.gpu.internal.method.TensorInfoMethod;
import org.polymorph.gpu.cpu.internal.Blas;
import org.polymorph.gpu.cpu.internal.Nd4jTensorService;

/**
 * Composition root of the gpu bundle: registers the ND4J CPU TensorService (ranking 0) at once,
 * while OpenBLAS, ND4J and the CUDA probe start in the background, and the bundle's Methods.
 */
public final class GpuActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(GpuActivator.class);
    private ExecutorService executor;
    private volatile boolean stopping;

    @Override
    protected OsgiModule module(BundleContext context) {
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "polymorph-gpu-init");
            t.setDaemon(true);
            return t;
        });
        return new GpuModule(context, executor);
    }

    @Override
    protected void register(Injector injector) {
        Nd4jTensorService service = injector.getInstance(Nd4jTensorService.class);
        publish(TensorService.class, service, Map.of(TensorService.BACKEND_PROPERTY, service.name(),
                Constants.SERVICE_RANKING, 0));
        for (Method m : new Method[] {injector.getInstance(TensorInfoMethod.class),
                injector.getInstance(BenchMatmulMethod.class), injector.getInstance(BenchOpsMethod.class)}) {
            publish(Method.class, m, Map.of(Method.ID_PROPERTY, m.id()));
        }
        LOG.info("registered TensorService {} (ranking 0) and Methods tensor.info, bench.matmul, bench.ops", service.name());
        logWhenReady(injector);
    }

    /**
     * Logs the background results (OpenBLAS, CUDA probe) as they arrive; never blocks start. A
     * failure caused by the bundle stopping mid-initialisation (a short headless run) is expected
     * and logged at debug level only.
     */
    private void logWhenReady(Injector injector) {
        Blas blas = injector.getInstance(Blas.class);
        CudaProbe cuda = injector.getInstance(CudaProbe.class);
        Thread t = new Thread(() -> {
            try {
                LOG.info("OpenBLAS ready: {}", blas.info());
                LOG.info("CUDA probe: {}", cuda.await());
            } catch (RuntimeException | LinkageError e) {
                if (stopping) {
                    LOG.debug("background initialisation stopped with the bundle: {}", e.toString());
                } else {
                    LOG.warn("background initialisation failed: {}", e.toString(), e);
                }
            }
        }, "polymorph-gpu-log");
        t.setDaemon(true);
        t.start();
    }

    @Override
    protected void shutdown() {
        stopping = true;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
