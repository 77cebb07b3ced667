package org.polymorph.gpu.cpu.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.polymorph.gpu.cuda.internal.CudaProbe;

/** One shared set of native runtimes for the tests of this module (outside OSGi). */
public final class TestServices {
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "test-gpu-init");
        t.setDaemon(true);
        return t;
    });
    public static final Blas BLAS = new Blas(EXECUTOR);
    public static final Nd4jRuntime ND4J = new Nd4jRuntime(EXECUTOR, BLAS);
    public static final CudaProbe CUDA = new CudaProbe(EXECUTOR);

    private TestServices() { }

    /** The service with the default BLAS threshold. */
    public static Nd4jTensorService service() { return new Nd4jTensorService(BLAS, ND4J, CUDA::await); }

    /** The service with an explicit GEMM threshold (1: always BLAS; Long.MAX_VALUE: always Java). */
    public static Nd4jTensorService service(long blasMinFlops) { return new Nd4jTensorService(BLAS, ND4J, CUDA::await, blasMinFlops); }
}
