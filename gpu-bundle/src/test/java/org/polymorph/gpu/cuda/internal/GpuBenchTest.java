package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/**
 * The GPU benchmark harness at tiny sizes on the emulated device (skipped without g++), with the
 * reference service as host as on the GPU machine: its JSON has the rows summarize.py joins with
 * peer_bench.py's, its products equal the host's, its budget leaves cases out with a reason, and a
 * bad option names itself, its value and a fix.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GpuBenchTest {
    private static final TensorService HOST = new ReferenceTensorService();
    private static EmulatedDevice device;
    private static String unavailable;
    @TempDir Path dir;

    @BeforeAll
    static void open() throws Exception {
        unavailable = EmulatedDevice.unavailableReason();
        if (unavailable == null) device = EmulatedDevice.open();
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }

    private static CudaTensorService service() {
        return new CudaTensorService(device, HOST, 64, 8, 1 << 20);
    }

    private GpuBenchOptions options(String... extra) throws Exception {
        String[] base = {"--out", dir.resolve("bench/gpu_bench.json").toString(), "--sizes", "8,16", "--batches", "4",
            "--hidden", "8", "--warmup", "1", "--min-repeats", "1", "--repeats", "2", "--case-s", "0.001", "--verify-rows", "16"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return GpuBenchOptions.parse(all);
    }

    @BeforeEach
    void needsGpp() {
        assumeTrue(device != null, "the CUDA emulation needs g++: " + unavailable);
    }

    @Test
    void writesPeerShapedRowsAndItsProductsMatchTheHost() throws Exception {
        GpuBenchOptions o = options();
        new GpuBench(device, service(), o).run();
        Map<?, ?> res = (Map<?, ?>) Json.parse(Files.readString(o.out()));
        assertEquals("ok", res.get("status"), String.valueOf(res));
        assertEquals("cuda", res.get("backend"));
        assertEquals(List.of(), res.get("not_run"));
        assertEquals(List.of(), res.get("errors"));
        assertEquals(List.of(), res.get("md"), "the MD part's place is there, empty");
        List<?> matmul = (List<?>) res.get("matmul");
        assertEquals(4, matmul.size(), String.valueOf(matmul));
        for (Object x : matmul) {
            Map<?, ?> row = (Map<?, ?>) x;
            int n = ((Number) row.get("n")).intValue();
            assertTrue(n == 8 || n == 16, String.valueOf(row));
            assertTrue(((Number) row.get("ms_median")).doubleValue() > 0, String.valueOf(row));
            assertTrue(((Number) row.get("gflops_median")).doubleValue() > 0, String.valueOf(row));
            assertEquals(n, ((Number) row.get("verified_rows")).intValue(), "every row is checked at these sizes");
            double tol = "float64".equals(row.get("dtype")) ? 1e-14 : 1e-6;
            assertTrue(((Number) row.get("max_rel_err_vs_f64")).doubleValue() <= tol, String.valueOf(row));
        }
        List<?> mlp = (List<?>) res.get("mlp");
        assertEquals(2, mlp.size(), String.valueOf(mlp));
        for (Object x : mlp) {
            Map<?, ?> row = (Map<?, ?>) x;
            assertEquals(4, ((Number) row.get("batch")).intValue());
            assertTrue(((Number) row.get("grad_ms_median")).doubleValue() > 0, String.valueOf(row));
            double loss = ((Number) row.get("loss")).doubleValue();
            assertTrue(loss > 0.5 && loss < 10, "softmax cross-entropy of 10 classes near ln 10 at the start: " + row);
            assertTrue(((Number) row.get("grad_norm")).doubleValue() > 0, String.valueOf(row));
            assertEquals(Map.of(), row.get("host_runs_per_step"), "the MLP step runs on the device alone: " + row);
        }
    }

    @Test
    void theDeviceProductEqualsTheHostsAndTheHostRowsAgree() {
        CudaTensorService svc = service();
        GpuBench bench = new GpuBench(device, svc, null);
        int n = 12;
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double[] a = GpuBench.gaussian(1, n, n, dt);
            double[] b = GpuBench.gaussian(2, n, n, dt);
            double[] ours = svc.toDoubleArray(svc.matmul(bench.upload(a, dt, n, n), bench.upload(b, dt, n, n)));
            Tensor ha = HOST.fromArray(a, n, n);
            double[] host = HOST.toDoubleArray(HOST.matmul(ha, HOST.fromArray(b, n, n)));
            double tol = dt == DType.FLOAT64 ? 1e-14 : 1e-6;
            assertTrue(GpuBench.maxRelErr(ours, host) <= tol, dt + ": " + GpuBench.maxRelErr(ours, host));
            double[] rows = GpuBench.productRows(a, b, n, 3);
            assertTrue(GpuBench.maxRelErr(rows, java.util.Arrays.copyOf(host, 3 * n)) <= 1e-15, "productRows is the first rows of a b");
        }
        double[] f32 = GpuBench.gaussian(7, 3, 5, DType.FLOAT32);
        for (double v : f32) assertEquals((float) v, v, 0.0, "float32 inputs are float32 values");
        assertEquals(java.util.Arrays.toString(GpuBench.gaussian(7, 3, 5, DType.FLOAT64)),
                java.util.Arrays.toString(GpuBench.gaussian(7, 3, 5, DType.FLOAT64)), "inputs depend on the seed alone");
    }

    @Test
    void theBudgetLeavesOutWhatWouldOverrunAndSaysWhy() throws Exception {
        GpuBench bench = new GpuBench(device, service(), options("--budget-s", "30", "--min-repeats", "3", "--repeats", "10"));
        assertNull(bench.reasonToSkip("matmul", DType.FLOAT64, 16384, 3), "nothing measured yet: no projection");
        bench.remember("matmul", DType.FLOAT64, 8192, 1500);   // 1.5 s a product at n = 8192: 12 s at 16384, 4 calls = 48 s
        String why = bench.reasonToSkip("matmul", DType.FLOAT64, 16384, 3);
        assertTrue(why != null && why.startsWith("projected 48.0 s (4 calls of 12.000 s"), why);
        assertNull(bench.reasonToSkip("matmul", DType.FLOAT32, 16384, 3), "projections are per dtype");
        assertNull(bench.reasonToSkip("matmul", DType.FLOAT64, 10000, 3), "(10000/8192)^3 * 1.5 s * 4 = 10.9 s fits in 30 s");

        GpuBenchOptions spent = options("--budget-s", "1e-9");
        new GpuBench(device, service(), spent).run();
        Map<?, ?> res = (Map<?, ?>) Json.parse(Files.readString(spent.out()));
        assertEquals("partial", res.get("status"));
        List<?> notRun = (List<?>) res.get("not_run");
        assertEquals(6, notRun.size(), String.valueOf(notRun));
        for (Object x : notRun) assertTrue(String.valueOf(((Map<?, ?>) x).get("why")).startsWith("past --budget-s"), String.valueOf(x));
    }

    @Test
    void badOptionsNameTheOptionTheValueAndAFix() {
        Map<String[], String> cases = Map.of(
                new String[] {"--out", "x.json", "--sizes", "0,8"}, "--sizes '0,8' must list numbers in [1, 65536]",
                new String[] {"--out", "x.json", "--dtypes", "float32,int8"}, "'int8' is not benchmarked; give float32, float64",
                new String[] {"--out", "x.json", "--case-s", "-1"}, "--case-s '-1' must be a positive number of seconds",
                new String[] {"--out", "x.json", "--min-repeats", "5", "--repeats", "2"}, "--min-repeats 5 is above --repeats 2",
                new String[] {"--out", "x.json", "--skip", "hvp"}, "--skip 'hvp' may name only [matmul, mlp]",
                new String[] {"--out", "x.json", "--batch", "4"}, "unknown option --batch",
                new String[] {"--sizes", "8"}, "--out FILE is required");
        cases.forEach((args, expected) -> {
            GpuBenchOptions.BadOption e = assertThrows(GpuBenchOptions.BadOption.class, () -> GpuBenchOptions.parse(args));
            assertTrue(e.getMessage().contains(expected), e.getMessage());
            assertTrue(e.getMessage().contains("give") || e.getMessage().contains("usage"), "a fix: " + e.getMessage());
        });
    }
}
