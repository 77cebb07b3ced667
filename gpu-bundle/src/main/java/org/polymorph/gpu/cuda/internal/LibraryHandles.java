package org.polymorph.gpu.cuda.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cudart.double2;
import org.bytedeco.cuda.cusolver.cusolverDnContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cufft;
import org.bytedeco.cuda.global.cusolver;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The calling thread's cuBLAS handle, cuSOLVER handle and cuFFT plans for one {@link Device}, each
 * bound to that thread's stream of the device (so library work is ordered with the bundle's
 * kernels and copies, and {@link Device#synchronize()} waits for it) and created on the thread's
 * first use, with the device's primary context current. Handles and plans live as long as the
 * thread's stream does; the plan cache keeps the {@value #PLANS} most recently used plans per
 * thread. Also: device addresses as JavaCPP pointers, and the status checks.
 *
 * <p>cuBLAS runs in its default math mode: float32 products are not rounded through TF32 unless
 * {@code tf32} asks for it (the system property {@value #TF32}).
 */
final class LibraryHandles {
    /** System property that lets cuBLAS round float32 operands to TF32 on tensor cores ({@code true}); off by default. */
    static final String TF32 = "polymorph.cuda.tf32";

    /** cuFFT plans kept per thread. */
    static final int PLANS = 16;

    private final Device device;
    private final boolean tf32;
    private final ThreadLocal<PerThread> local = ThreadLocal.withInitial(PerThread::new);

    /** A cuFFT plan's identity: transform type (CUFFT_D2Z, ...), length and batch. */
    private record PlanKey(int type, int n, int batch) { }

    private static final class PerThread {
        long stream;
        cublasContext blas;
        cusolverDnContext solver;
        final Map<PlanKey, Integer> plans = new LinkedHashMap<>(PLANS, 0.75f, true);
    }

    LibraryHandles(Device device, boolean tf32) {
        this.device = device;
        this.tf32 = tf32;
    }

    /** Whether float32 gemm may use TF32. */
    boolean tf32() { return tf32; }

    /** This thread's state, with the context current and its stream known. */
    private PerThread here() {
        long stream = device.driverStream().orElseThrow(() -> new IllegalStateException(
                "the device has no CUDA driver stream; the CUDA libraries run only on a JCudaDevice"));
        PerThread t = local.get();
        t.stream = stream;
        return t;
    }

    /** This thread's cuBLAS handle on its stream. */
    cublasContext cublas() {
        PerThread t = here();
        if (t.blas == null) {
            cublasContext h = new cublasContext();
            blasCheck("cublasCreate", cublas.cublasCreate_v2(h));
            blasCheck("cublasSetStream", cublas.cublasSetStream_v2(h, stream(t.stream)));
            blasCheck("cublasSetMathMode", cublas.cublasSetMathMode(h, tf32 ? cublas.CUBLAS_TF32_TENSOR_OP_MATH : cublas.CUBLAS_DEFAULT_MATH));
            t.blas = h;
        }
        return t.blas;
    }

    /** This thread's cuSOLVER dense handle on its stream. */
    cusolverDnContext cusolver() {
        PerThread t = here();
        if (t.solver == null) {
            cusolverDnContext h = new cusolverDnContext();
            solverCheck("cusolverDnCreate", cusolver.cusolverDnCreate(h));
            solverCheck("cusolverDnSetStream", cusolver.cusolverDnSetStream(h, stream(t.stream)));
            t.solver = h;
        }
        return t.solver;
    }

    /**
     * This thread's plan for {@code batch} contiguous 1-D transforms of length {@code n} of
     * {@code type} (CUFFT_D2Z, CUFFT_Z2D or CUFFT_Z2Z), on its stream. Distances between
     * transforms: n reals, n/2 + 1 or n complex values, as the type's input and output are.
     */
    int fftPlan(int type, int n, int batch) {
        PerThread t = here();
        PlanKey key = new PlanKey(type, n, batch);
        Integer plan = t.plans.get(key);
        if (plan == null) {
            int half = n / 2 + 1;
            int idist = type == cufft.CUFFT_Z2D ? half : n;
            int odist = type == cufft.CUFFT_D2Z ? half : n;
            int[] handle = new int[1];
            fftCheck("cufftPlanMany(n " + n + ", batch " + batch + ")",
                    cufft.cufftPlanMany(handle, 1, new int[] {n}, null, 1, idist, null, 1, odist, type, batch));
            fftCheck("cufftSetStream", cufft.cufftSetStream(handle[0], stream(t.stream)));
            plan = handle[0];
            t.plans.put(key, plan);
            if (t.plans.size() > PLANS) {
                var eldest = t.plans.entrySet().iterator().next();
                t.plans.remove(eldest.getKey());
                // the ops wait for their work before returning, so the evicted plan is idle
                fftCheck("cufftDestroy", cufft.cufftDestroy(eldest.getValue()));
            }
        }
        return plan;
    }

    /** A JavaCPP pointer at a raw address (no memory of its own; nothing to free). */
    private static final class Address extends Pointer {
        Address(long at) { address = at; }
    }

    static CUstream_st stream(long handle) { return new CUstream_st(new Address(handle)); }

    /** The float64 array at device address {@code at}. */
    static DoublePointer doubles(long at) { return new DoublePointer(new Address(at)); }

    /** The float32 array at device address {@code at}. */
    static FloatPointer floats(long at) { return new FloatPointer(new Address(at)); }

    /** The int32 array at device address {@code at}. */
    static IntPointer ints(long at) { return new IntPointer(new Address(at)); }

    /** The interleaved complex float64 array at device address {@code at}. */
    static double2 complex(long at) { return new double2(new Address(at)); }

    static void blasCheck(String call, int status) {
        if (status != cublas.CUBLAS_STATUS_SUCCESS) throw new DeviceException(call, null, status, cublas.cublasGetStatusString(status).getString());
    }

    static void solverCheck(String call, int status) {
        if (status != cusolver.CUSOLVER_STATUS_SUCCESS) throw new DeviceException(call, null, status, "cusolverStatus_t " + status);
    }

    static void fftCheck(String call, int status) {
        if (status != cufft.CUFFT_SUCCESS) throw new DeviceException(call, null, status, "cufftResult " + status);
    }
}
