package org.polymorph.gpu.internal;

import com.google.inject.Injector;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.BackendProbe;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cuda.internal.CudaProbe;
import org.polymorph.gpu.cuda.internal.CudaSelfCheck;
import org.polymorph.gpu.cuda.internal.CudaTensorService;
import org.polymorph.gpu.cuda.internal.JCudaDevice;
import org.polymorph.gpu.internal.method.BenchMatmulMethod;
import org.polymorph.gpu.internal.method.BenchOpsMethod;
import org.polymorph.gpu.internal.method.TensorInfoMethod;
import org.polymorph.gpu.cpu.internal.Blas;
import org.polymorph.gpu.cpu.internal.Nd4jTensorService;

/**
 * Composition root of the gpu bundle: registers the ND4J CPU TensorService (ranking 0) at once,
 * while OpenBLAS, ND4J and the CUDA probe start in the background, and the bundle's Methods. When
 * the probe finds a device, a {@link JCudaDevice} is opened and, if it passes {@link CudaSelfCheck},
 * the {@link CudaTensorService} (with the CPU service as its host) is registered with ranking
 * {@value #CUDA_RANKING}; the CPU service stays registered. Otherwise one log line says why and
 * the CPU service stays the active backend. A {@link BackendProbe} for {@code cuda} is registered at start and
 * decided when the CUDA service is registered or is known not to come ({@link CudaAbsence}), so that a run asking
 * for {@code backend=cuda} waits for the decision and is told why it cannot have it. The services carry
 * {@value Backends#DEVICE_PROPERTY} ({@code cpu}, {@code gpu}), which {@code backend=cpu} goes by.
 */
public final class GpuActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(GpuActivator.class);
    private ExecutorService executor;
    /** service.ranking of the CUDA TensorService (the CPU one has 0). */
    static final int CUDA_RANKING = 10;

    private volatile boolean stopping;
    private BundleContext context;
    private final Object cudaLock = new Object();
    private ServiceRegistration<TensorService> cudaRegistration;
    private JCudaDevice cudaDevice;
    private final BackendProbe cudaProbe = new BackendProbe(CudaTensorService.NAME);
    private BackendCatalog backends;

    @Override
    protected OsgiModule module(BundleContext context) {
        this.context = context;
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "polymorph-gpu-init");
            t.setDaemon(true);
            return t;
        });
        return new GpuModule(context, executor);
    }

    @Override
    protected void register(Injector injector) {
        backends = injector.getInstance(BackendCatalog.class);
        Nd4jTensorService service = injector.getInstance(Nd4jTensorService.class);
        publish(TensorService.class, service, Map.of(TensorService.BACKEND_PROPERTY, service.name(),
                Constants.SERVICE_RANKING, 0, Backends.DEVICE_PROPERTY, Backends.CPU));
        publish(BackendProbe.class, cudaProbe, Map.of(TensorService.BACKEND_PROPERTY, cudaProbe.backend()));
        for (Method m : new Method[] {injector.getInstance(TensorInfoMethod.class),
                injector.getInstance(BenchMatmulMethod.class), injector.getInstance(BenchOpsMethod.class)}) {
            publish(Method.class, m, Map.of(Method.ID_PROPERTY, m.id()));
        }
        LOG.info("registered TensorService {} (ranking 0) and Methods tensor.info, bench.matmul, bench.ops", service.name());
        logWhenReady(injector);
    }

    /**
     * Logs the background results (OpenBLAS, CUDA probe) as they arrive and, when the probe finds a
     * device, registers the CUDA TensorService (its host, the CPU service, needs OpenBLAS first);
     * never blocks start. A
     * failure caused by the bundle stopping mid-initialisation (a short headless run) is expected
     * and logged at debug level only.
     */
    private void logWhenReady(Injector injector) {
        Blas blas = injector.getInstance(Blas.class);
        CudaProbe cuda = injector.getInstance(CudaProbe.class);
        Thread t = new Thread(() -> {
            try {
                LOG.info("OpenBLAS ready: {}", blas.info());
                Map<String, Object> probe = cuda.await();
                LOG.info("CUDA probe: {}", probe);
                if (Boolean.TRUE.equals(probe.get("available"))) {
                    registerCuda(injector.getInstance(Nd4jTensorService.class));
                } else {
                    cudaProbe.absent(CudaAbsence.fromProbe(probe));
                }
            } catch (RuntimeException | LinkageError e) {
                cudaProbe.absent(stopping ? "the gpu bundle stopped before the CUDA probe finished" : "the gpu bundle's background initialisation failed (" + e + ")");
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

    /** Opens the GPU, checks it and registers the CUDA TensorService; logs once and stays on the CPU if any step fails. */
    private void registerCuda(Nd4jTensorService cpu) {
        JCudaDevice device;
        try {
            device = new JCudaDevice();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("CUDA device found but could not be opened ({}); staying on {}", e.toString(), cpu.name());
            cudaProbe.absent(CudaAbsence.notOpened(e));
            return;
        }
        String failure = CudaSelfCheck.run(device);
        if (failure != null) {
            device.close();
            LOG.warn("CUDA device {} failed its self-check ({}); staying on {}", device.describe().name(), failure, cpu.name());
            cudaProbe.absent(CudaAbsence.selfCheckFailed(device.describe().name(), failure));
            return;
        }
        CudaTensorService service = new CudaTensorService(device, cpu);
        synchronized (cudaLock) {
            if (stopping) {
                device.close();
                cudaProbe.absent("the gpu bundle stopped before the CUDA service was registered");
                return;
            }
            cudaDevice = device;
            cudaRegistration = context.registerService(TensorService.class, service, new Hashtable<>(Map.of(
                    TensorService.BACKEND_PROPERTY, service.name(), Constants.SERVICE_RANKING, CUDA_RANKING,
                    Backends.DEVICE_PROPERTY, Backends.GPU)));
        }
        cudaProbe.registered();
        LOG.info("registered TensorService {} (ranking {}) on {}; {} stays registered (ranking 0)",
                service.name(), CUDA_RANKING, device.describe().toMap(), cpu.name());
    }

    @Override
    protected void shutdown() {
        stopping = true;
        cudaProbe.absent("the gpu bundle stopped");
        if (backends != null) backends.close();
        synchronized (cudaLock) {
            if (cudaRegistration != null) {
                try {
                    cudaRegistration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework unregisters a stopping bundle's services itself
                }
                cudaRegistration = null;
            }
            if (cudaDevice != null) {
                cudaDevice.close();
                cudaDevice = null;
            }
        }
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
