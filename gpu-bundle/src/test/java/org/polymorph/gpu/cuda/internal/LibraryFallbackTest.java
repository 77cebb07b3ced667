package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Decompositions.SVD;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.gpu.cuda.internal.CudaLibraries.Family;

/**
 * Where cuBLAS, cuSOLVER and cuFFT do not load (this build machine has no CUDA driver and no
 * cuBLAS), or the device is the CPU emulation, the CUDA TensorService keeps its own matmul kernel
 * and the host for linear algebra and FFT, raises nothing, and names the reason in describe().
 * Runs on the emulated device (skips without g++); the library-failure case skips where the
 * libraries do load (the GPU machine, whose own test is {@code CudaLibrariesGpuTest}).
 */
class LibraryFallbackTest {
    private static final TensorService HOST = new ReferenceTensorService();
    private static EmulatedDevice device;
    private static String unavailable;

    @BeforeAll
    static void open() throws Exception {
        unavailable = EmulatedDevice.unavailableReason();
        if (unavailable == null) device = EmulatedDevice.open();
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }

    /** The emulated device presenting a driver stream, so that the service goes on to load the libraries. */
    private static Device claimingADriverStream(Device d) {
        return new Device() {
            @Override public long allocate(long bytes) { return d.allocate(bytes); }
            @Override public void free(long handle) { d.free(handle); }
            @Override public void upload(double[] src, int offset, int count, long dst) { d.upload(src, offset, count, dst); }
            @Override public void upload(float[] src, int offset, int count, long dst) { d.upload(src, offset, count, dst); }
            @Override public void upload(int[] src, int offset, int count, long dst) { d.upload(src, offset, count, dst); }
            @Override public void upload(long[] src, int offset, int count, long dst) { d.upload(src, offset, count, dst); }
            @Override public void download(long src, double[] dst, int offset, int count) { d.download(src, dst, offset, count); }
            @Override public void download(long src, float[] dst, int offset, int count) { d.download(src, dst, offset, count); }
            @Override public void download(long src, int[] dst, int offset, int count) { d.download(src, dst, offset, count); }
            @Override public void download(long src, long[] dst, int offset, int count) { d.download(src, dst, offset, count); }
            @Override public void copy(long src, long dst, long bytes) { d.copy(src, dst, bytes); }
            @Override public void zero(long dst, long bytes) { d.zero(dst, bytes); }
            @Override public void launch(String kernel, int grid, int block, int sharedBytes, KernelArgs args) { d.launch(kernel, grid, block, sharedBytes, args); }
            @Override public void synchronize() { d.synchronize(); }
            @Override public OptionalLong driverStream() { return OptionalLong.of(0); }
            @Override public DeviceInfo describe() { return d.describe(); }
            @Override public void close() { }
        };
    }

    private static Map<?, ?> path(TensorService s, String group) {
        return (Map<?, ?>) ((Map<?, ?>) s.describe().get("library_paths")).get(group);
    }

    @Test
    void namedFamiliesOnlyAreLoaded() {
        Map<Family, CudaLibraries.Status> none = CudaLibraries.load("none");
        for (Family f : Family.values()) {
            assertFalse(none.get(f).loaded(), f + " is not named");
            assertEquals("not named by -D" + CudaLibraries.PROPERTY + "=none", none.get(f).detail());
        }
        Map<Family, CudaLibraries.Status> blasOnly = CudaLibraries.load("cuBLAS");
        assertFalse(blasOnly.get(Family.CUFFT).loaded());
        assertTrue(blasOnly.get(Family.CUFFT).detail().startsWith("not named"), blasOnly.get(Family.CUFFT).detail());
        CudaLibraries.Status blas = blasOnly.get(Family.CUBLAS);
        // loaded: its version; not loaded: which library did not load, and the linker's reason
        assertTrue(blas.loaded() ? blas.detail().startsWith("version ") : blas.detail().contains(" did not load: "), blas.detail());
    }

    @Test
    void reasonIsTheInnermostMessageOnOneLine() {
        Throwable t = new ExceptionInInitializerError(new UnsatisfiedLinkError("no jnicublas in java.library.path:\n/usr/lib"));
        Throwable wrapped = new IllegalStateException("outer", t.getCause());
        assertEquals("UnsatisfiedLinkError: no jnicublas in java.library.path: /usr/lib", CudaLibraries.reason(wrapped));
    }

    @Test
    void theEmulationDoesNotTryTheLibraries() {
        assumeTrue(device != null, "the CUDA emulation needs g++: " + unavailable);
        CudaTensorService s = new CudaTensorService(device, HOST, 64, 8, 1 << 20);
        for (String group : new String[] {"matmul", "linalg", "fft"}) {
            Map<?, ?> p = path(s, group);
            assertTrue(p.get("why").toString().contains("runs no CUDA driver stream"), group + ": " + p);
        }
        assertEquals("own kernel (matmul.cu)", path(s, "matmul").get("path"));
        assertEquals("host", path(s, "linalg").get("path"));
        assertTrue(s.describe().get("host_ops").toString().contains("svd"));
    }

    @Test
    void librariesThatDoNotLoadLeaveTheOwnPaths() {
        assumeTrue(device != null, "the CUDA emulation needs g++: " + unavailable);
        Map<Family, CudaLibraries.Status> status = CudaLibraries.status();
        assumeFalse(status.values().stream().anyMatch(CudaLibraries.Status::loaded),
                "the CUDA libraries load on this machine: CudaLibrariesGpuTest covers it");
        CudaTensorService s = new CudaTensorService(claimingADriverStream(device), HOST, 64, 8, 1 << 20);
        // matmul on the own kernel: [2, 3, 4] @ [4, 5] against a direct sum
        double[] av = new double[24];
        double[] bv = new double[20];
        for (int i = 0; i < av.length; i++) av[i] = Math.sin(i + 1);
        for (int i = 0; i < bv.length; i++) bv[i] = Math.cos(i + 1);
        double[] c = s.toDoubleArray(s.matmul(s.fromArray(av, 2, 3, 4), s.fromArray(bv, 4, 5)));
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 5; j++) {
                    double want = 0;
                    for (int l = 0; l < 4; l++) want += av[p * 12 + i * 4 + l] * bv[l * 5 + j];
                    assertEquals(want, c[p * 15 + i * 5 + j], 1e-14, "c[" + p + ", " + i + ", " + j + "]");
                }
            }
        }
        // linear algebra and FFT on the host: a x = b holds, u s vt rebuilds a, rfft of a cosine
        Tensor a = s.fromArray(new double[] {4, 1, 0, 1, 3, 1, 0, 1, 2}, 3, 3);
        double[] x = s.toDoubleArray(s.solve(a, s.fromArray(new double[] {1, 2, 3}, 3)));
        assertEquals(1, 4 * x[0] + x[1], 1e-14);
        assertEquals(2, x[0] + 3 * x[1] + x[2], 1e-14);
        assertEquals(3, x[1] + 2 * x[2], 1e-14);
        SVD d = s.svd(a);
        double[] rebuilt = s.toDoubleArray(s.matmul(s.mul(d.u(), d.s()), d.vt()));
        double[] want = s.toDoubleArray(a);
        for (int i = 0; i < 9; i++) assertEquals(want[i], rebuilt[i], 1e-13);
        Complex f = s.rfft(s.fromArray(new double[] {1, 0, -1, 0}, 4));
        assertEquals(2, s.toDoubleArray(f.re())[1], 1e-15);
        Map<?, ?> runs = (Map<?, ?>) s.describe().get("host_runs");
        assertTrue(runs.containsKey("solve") && runs.containsKey("svd") && runs.containsKey("rfft"), runs.toString());
        // describe names the loader's reason per family
        for (var e : Map.of("matmul", Family.CUBLAS, "linalg", Family.CUSOLVER, "fft", Family.CUFFT).entrySet()) {
            Map<?, ?> p = path(s, e.getKey());
            assertEquals(status.get(e.getValue()).detail(), p.get("why"), e.getKey());
        }
        System.out.println("library_paths where the libraries do not load: " + s.describe().get("library_paths"));
        assertEquals("own kernel (matmul.cu)", path(s, "matmul").get("path"));
        assertTrue(path(s, "matmul").get("why").toString().contains("did not load"), path(s, "matmul").toString());
        assertFalse(s.describe().get("device_ops").toString().contains("cublas"));
    }
}
