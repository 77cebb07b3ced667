package org.polymorph.gpu.internal;

import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.concurrent.ExecutorService;
import org.osgi.framework.BundleContext;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cuda.internal.CudaProbe;
import org.polymorph.gpu.cpu.internal.Blas;
import org.polymorph.gpu.cpu.internal.Nd4jRuntime;
import org.polymorph.gpu.cpu.internal.Nd4jTensorService;

/**
 * The gpu bundle's object graph: one background executor that loads OpenBLAS, initialises ND4J
 * and probes CUDA; the CPU TensorService built on them; the Methods, which see the run's TensorService
 * (the one its {@code backend} parameter chose, else the highest-ranked) through the OSGi bridge, and the
 * catalog of all backends.
 */
final class GpuModule extends OsgiModule {
    private final ExecutorService executor;

    GpuModule(BundleContext context, ExecutorService executor) {
        super(context);
        this.executor = executor;
    }

    @Override
    protected void configureBundle() {
        bindService(TensorService.class);
    }

    @Provides @Singleton Blas blas() { return new Blas(executor); }

    @Provides @Singleton Nd4jRuntime nd4j(Blas blas) { return new Nd4jRuntime(executor, blas); }

    @Provides @Singleton CudaProbe cuda() { return new CudaProbe(executor); }

    /** Every registered backend, for tensor.info; the activator closes it when the bundle stops. */
    @Provides @Singleton BackendCatalog backends() { return BackendCatalog.tracking(context()); }

    @Provides @Singleton Nd4jTensorService cpuService(Blas blas, Nd4jRuntime nd4j, CudaProbe cuda) {
        return new Nd4jTensorService(blas, nd4j, cuda::await);
    }
}
