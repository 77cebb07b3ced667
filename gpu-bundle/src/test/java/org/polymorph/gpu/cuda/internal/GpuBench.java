package org.polymorph.gpu.cuda.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.autodiff.internal.method.MlpBench;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/**
 * The GPU benchmarks' Java side: on one {@link Device}, through the {@link CudaTensorService},
 * (a) square matmul, float32 and float64, at each n of {@code --sizes}: ms per product and GFLOP/s
 * (2 n^3 / t); the first {@code --verify-rows} rows of the last product are checked against a float64
 * product of the same inputs on the host ({@code max_rel_err_vs_f64} = max |C - exact| / max |exact|);
 * (b) bench.autodiff's MLP ({@link MlpBench}, 784-h-h-10, tanh, softmax cross-entropy): one
 * value-and-grad step (the loss and its gradient in the six parameters, reverse mode) at each batch
 * of {@code --batches}, GFLOP/s counted as MlpBench counts them (3 forward passes).
 * The rows have peer_bench.py's shape, so summarize.py sets them against PyTorch on the same GPU.
 *
 * <p>Timing: System.nanoTime around each call, the median (and minimum) of the timed calls after the
 * warm-up. Every call ends synchronised: each CudaTensorService op waits for its device work before
 * it returns, and the harness calls {@link Device#synchronize()} at the end of the call, inside the
 * timed window. Inputs are uploaded before timing; no result is read back inside the window.
 * Between calls (outside the window) matmul outputs of 64 MiB and more are dropped and
 * {@code System.gc()} runs, as it does between MLP steps, so that device memory comes back to the
 * allocator through its Cleaner.
 *
 * <p>Budget: no case starts past {@code --budget-s}, nor one whose projected time (the last case
 * of the same part and dtype, scaled by n^3 for matmul and by the batch for the MLP, times the
 * warm-up plus {@code --min-repeats} calls) would end past it; such cases are listed under
 * {@code not_run} with the reason. Repeats are sized from the last warm-up call to last about
 * {@code --case-s}, within [min-repeats, repeats], and cut (to at least one) to what is left.
 *
 * <p>The JSON (rewritten after every case, with {@code "status": "running"} until the end, so that a
 * run stopped from outside leaves what it measured): tool, status, device, backend, host_service,
 * java, timing, args, {@code matmul} rows {dtype, n, ms_median, ms_min, repeats, gflops_median,
 * max_rel_err_vs_f64, verified_rows}, {@code mlp} rows {dtype, batch, hidden, grad_ms_median,
 * grad_ms_min, repeats, grad_gflops_median, loss, grad_norm, host_runs_per_step}, {@code md} (empty:
 * the GPU MD's rows come from materials-bundle's DeviceMdBench, in its own report, since gpu-bundle
 * cannot depend on materials), not_run, errors, seconds.
 *
 * <p>On the GPU machine (check.sh): {@code java -cp ... org.polymorph.gpu.cuda.internal.GpuBench
 * --out FILE ...} on device 0 through {@link JCudaDevice}, with the pure-Java reference service as the
 * host (as CudaTensorServiceJCudaContractTest). Exit status 0 when it ran (or found no GPU: status
 * "skipped"), 1 when the device failed its self-check or a case failed, 2 for a bad option.
 */
public final class GpuBench {
    private static final long BIG_OUTPUT_BYTES = 64L << 20;

    private final Device device;
    private final TensorService svc;
    private final GpuBenchOptions o;
    private final AD ad;
    private final long t0 = System.nanoTime();
    /** Per part and dtype, the last measured case: {size, ms per call}; what projections scale. */
    private final Map<String, double[]> last = new LinkedHashMap<>();

    /** One case: its part (matmul, mlp; md to come), dtype, size (n or batch), how its time scales with size, and its run. */
    private record Case(String part, DType dtype, int size, double exponent, Callable<Map<String, Object>> run) { }

    /** The calls' times in ms and whether the repeats were cut to fit the budget. */
    record Samples(double[] ms, boolean cut) {
        double median() {
            double[] c = ms.clone();
            Arrays.sort(c);
            int n = c.length;
            return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
        }

        double min() { return Arrays.stream(ms).min().orElse(Double.NaN); }
    }

    GpuBench(Device device, CudaTensorService svc, GpuBenchOptions options) {
        this.device = device;
        this.svc = svc;
        this.o = options;
        this.ad = new AutodiffEngines().create(svc);
    }

    private double elapsedS() { return (System.nanoTime() - t0) / 1e9; }

    /** The cases in the order run: the MLP first (cheap), then matmul by growing n, so that the budget cuts the largest products. */
    private List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        if (!o.skip().contains("mlp")) {
            for (int b : o.batches()) for (DType d : o.dtypes()) cs.add(new Case("mlp", d, b, 1, () -> mlp(d, b)));
        }
        if (!o.skip().contains("matmul")) {
            for (int n : o.sizes()) for (DType d : o.dtypes()) cs.add(new Case("matmul", d, n, 3, () -> matmul(d, n)));
        }
        // no md cases: materials-bundle's DeviceMdBench times the GPU MD (check.sh's md_bench step)
        return cs;
    }

    /** Runs every case that fits the budget; writes the report to --out after each. */
    Map<String, Object> run() throws IOException {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("tool", "gpu_bench");
        res.put("status", "running");
        res.put("device", device.describe().toMap());
        res.put("backend", svc.name());
        res.put("host_service", svc.describe().get("host_service"));
        res.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        res.put("timing", "System.nanoTime around each call, median of the timed calls after the warm-up; each call ends with "
                + "Device.synchronize() inside the window (and every CudaTensorService op waits for its device work before it returns)");
        res.put("args", o.asMap());
        List<Map<String, Object>> notRun = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        Map<String, List<Map<String, Object>>> parts = new LinkedHashMap<>();
        for (String p : List.of("matmul", "mlp", "md")) {
            parts.put(p, new ArrayList<>());
            res.put(p, parts.get(p));
        }
        res.put("not_run", notRun);
        res.put("errors", errors);
        save(res);
        for (Case c : cases()) {
            String why = reasonToSkip(c);
            if (why != null) {
                notRun.add(entry(c, "why", why));
                continue;
            }
            try {
                Map<String, Object> row = c.run().call();
                parts.get(c.part()).add(row);
                System.out.println(Json.write(row, false));
            } catch (Exception | OutOfMemoryError e) {   // out of device or host memory at a large size: record it, go on
                errors.add(entry(c, "error", e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
                System.err.println("GpuBench: " + c.part() + " " + c.dtype().id() + " " + c.size() + " failed: " + e);
            } finally {
                System.gc();
                res.put("seconds", round(elapsedS(), 2));
                save(res);
            }
        }
        res.put("status", errors.isEmpty() && notRun.isEmpty() ? "ok" : "partial");
        res.put("allocator", svc.describe().get("allocator"));
        res.put("seconds", round(elapsedS(), 2));
        save(res);
        return res;
    }

    private static Map<String, Object> entry(Case c, String key, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("part", c.part());
        m.put("dtype", c.dtype().id());
        m.put("size", c.size());
        m.put(key, text);
        return m;
    }

    private String reasonToSkip(Case c) { return reasonToSkip(c.part(), c.dtype(), c.size(), c.exponent()); }

    /** Remembers a measured case (ms per call at size) of part and dtype: what later cases' projections scale. */
    void remember(String part, DType dtype, int size, double msPerCall) {
        last.put(part + ":" + dtype.id(), new double[] {size, msPerCall});
    }

    /**
     * Null when a case of part, dtype and size (whose time grows as size^exponent) may run, else why
     * not: the budget is spent, or the case is projected to end past it.
     */
    String reasonToSkip(String part, DType dtype, int size, double exponent) {
        double left = o.budgetS() - elapsedS();
        if (left <= 0) return "past --budget-s " + o.budgetS();
        double[] prev = last.get(part + ":" + dtype.id());
        if (prev == null) return null;
        double callS = prev[1] / 1e3 * Math.pow(size / prev[0], exponent);
        int calls = Math.max(o.warmup(), 1) + o.minRepeats();
        double projected = callS * calls;
        if (projected <= left) return null;
        return String.format(Locale.ROOT, "projected %.1f s (%d calls of %.3f s, scaled from %.3f ms at %s %d) > %.1f s left of --budget-s %s",
                projected, calls, callS, prev[1], part.equals("matmul") ? "n" : "size", (int) prev[0], left, o.budgetS());
    }

    /**
     * ms of each timed call: max(warmup, 1) untimed calls (the last one's time sizes the repeats: about
     * --case-s of calls within [min-repeats, repeats]), cut to what fits before --budget-s (at least one).
     * {@code between} runs before every call, outside the window.
     */
    Samples measure(Runnable call, Runnable between) {
        double guessMs = 0;
        for (int i = 0; i < Math.max(o.warmup(), 1); i++) {
            between.run();
            long s = System.nanoTime();
            call.run();
            guessMs = (System.nanoTime() - s) / 1e6;
        }
        guessMs = Math.max(guessMs, 1e-3);
        int k = (int) Math.min(o.maxRepeats(), Math.max(o.minRepeats(), Math.floor(o.caseS() * 1e3 / guessMs)));
        int fit = (int) Math.floor((o.budgetS() - elapsedS()) * 1e3 / guessMs);
        boolean cut = k > fit;
        if (cut) k = Math.max(1, fit);
        double[] ms = new double[k];
        for (int i = 0; i < k; i++) {
            between.run();
            long s = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        return new Samples(ms, cut);
    }

    /** Timings shared by both parts' rows, under {@code prefix} (grad_ for the MLP, as peer_bench.py names them). */
    private void putTimes(Map<String, Object> row, String prefix, Samples s) {
        row.put(prefix + "ms_median", round(s.median(), 4));
        row.put(prefix + "ms_min", round(s.min(), 4));
        row.put("repeats", s.ms().length);
        if (s.cut()) row.put("repeats_cut_to_budget", true);
    }

    // ---- (a) matmul ----

    Map<String, Object> matmul(DType dtype, int n) {
        double[] a = gaussian(1, n, n, dtype);
        double[] b = gaussian(2, n, n, dtype);
        Tensor da = upload(a, dtype, n, n);
        Tensor db = upload(b, dtype, n, n);
        Tensor[] c = new Tensor[1];
        boolean big = (long) n * n * dtype.byteSize() >= BIG_OUTPUT_BYTES;
        Samples s = measure(() -> {
            c[0] = svc.matmul(da, db);
            device.synchronize();
        }, () -> {
            if (big && c[0] != null) {
                c[0] = null;
                System.gc();
            }
        });
        remember("matmul", dtype, n, s.median());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("dtype", dtype.id());
        row.put("n", n);
        putTimes(row, "", s);
        row.put("gflops_median", significant(2.0 * n * n * (double) n / (s.median() * 1e-3) / 1e9));
        int rows = Math.min(n, o.verifyRows());
        row.put("verified_rows", rows);
        if (rows > 0) {
            double[] got = svc.toDoubleArray(svc.slice(c[0], new int[] {0, 0}, new int[] {rows, n}, new int[] {1, 1}));
            row.put("max_rel_err_vs_f64", significant(maxRelErr(got, productRows(a, b, n, rows))));
        }
        return row;
    }

    /**
     * rows x cols values ~ N(0, 1) from {@code seed} (row i from its own SplittableRandom, so rows fill
     * in parallel and the values do not depend on the thread count), rounded to float32 when dtype is.
     */
    static double[] gaussian(long seed, int rows, int cols, DType dtype) {
        double[] x = new double[Math.multiplyExact(rows, cols)];
        boolean f32 = dtype == DType.FLOAT32;
        IntStream.range(0, rows).parallel().forEach(i -> {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
            for (int j = 0; j < cols; j++) {
                double v = r.nextGaussian();
                x[i * cols + j] = f32 ? (float) v : v;
            }
        });
        return x;
    }

    /** The values as a device tensor of dtype (float32: the values are float32 already, see {@link #gaussian}). */
    Tensor upload(double[] x, DType dtype, int... shape) {
        if (dtype == DType.FLOAT64) return svc.fromArray(x, shape);
        float[] f = new float[x.length];
        IntStream.range(0, x.length).parallel().forEach(i -> f[i] = (float) x[i]);
        return svc.fromArray(f, shape);
    }

    /** The first {@code rows} rows of a b (both n x n, row-major) in float64: rows x n values. */
    static double[] productRows(double[] a, double[] b, int n, int rows) {
        double[] out = new double[rows * n];
        IntStream.range(0, rows).parallel().forEach(i -> {
            for (int p = 0; p < n; p++) {
                double aip = a[i * n + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) out[i * n + j] += aip * b[bp + j];
            }
        });
        return out;
    }

    /** max |got - exact| / max |exact| (0 when both are all zero). */
    static double maxRelErr(double[] got, double[] exact) {
        double err = 0;
        double scale = 0;
        for (int i = 0; i < exact.length; i++) {
            err = Math.max(err, Math.abs(got[i] - exact[i]));
            scale = Math.max(scale, Math.abs(exact[i]));
        }
        return scale == 0 ? err : err / scale;
    }

    // ---- (b) the MLP's value-and-grad ----

    Map<String, Object> mlp(DType dtype, int batch) {
        MlpBench net = new MlpBench(ad, dtype, batch, o.hidden());
        @SuppressWarnings("unchecked")
        ValueAndGrad<List<Var>>[] vg = new ValueAndGrad[1];
        Map<String, Long> before = hostRuns();
        Samples s = measure(() -> {
            vg[0] = net.valueAndGrad();
            device.synchronize();
        }, System::gc);   // a step's intermediates (batch x hidden each) go back to the allocator between calls
        Map<String, Long> after = hostRuns();
        int calls = Math.max(o.warmup(), 1) + s.ms().length;
        remember("mlp", dtype, batch, s.median());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("dtype", dtype.id());
        row.put("batch", batch);
        row.put("hidden", o.hidden());
        putTimes(row, "grad_", s);
        row.put("grad_gflops_median", significant(3 * net.forwardFlops() / (s.median() * 1e-3) / 1e9));
        row.put("loss", vg[0].value().item());
        double sq = 0;
        for (Var g : vg[0].grad()) for (double v : svc.toDoubleArray(g.value())) sq += v * v;
        row.put("grad_norm", Math.sqrt(sq));
        Map<String, Object> perStep = new LinkedHashMap<>();
        after.forEach((op, count) -> {
            long d = count - before.getOrDefault(op, 0L);
            if (d > 0) perStep.put(op, round(d / (double) calls, 2));
        });
        row.put("host_runs_per_step", perStep);
        return row;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> hostRuns() {
        Object runs = svc.describe().get("host_runs");
        return runs instanceof Map ? new LinkedHashMap<>((Map<String, Long>) runs) : Map.of();
    }

    // ---- the report ----

    private void save(Map<String, Object> res) throws IOException {
        Path out = o.out().toAbsolutePath();
        Files.createDirectories(out.getParent());
        Path part = out.resolveSibling(out.getFileName() + ".part");
        Files.writeString(part, Json.write(res, true));
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** v to 4 significant digits (GFLOP/s at CI's tiny sizes are far below 0.1). */
    private static double significant(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4g", v));
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** On device 0 through JCuda; see the class comment for the options and the exit status. */
    public static void main(String[] args) throws IOException {
        GpuBenchOptions options;
        try {
            options = GpuBenchOptions.parse(args);
        } catch (GpuBenchOptions.BadOption e) {
            System.err.println("GpuBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, Object> probe = CudaProbe.probe();
        if (!Boolean.TRUE.equals(probe.get("available"))) {
            System.out.println("GpuBench: skipped: no CUDA device: " + probe.get("detail"));
            writeStatus(options, "skipped", "no CUDA device: " + probe.get("detail"));
            System.exit(0);
            return;
        }
        int status;
        try (JCudaDevice device = new JCudaDevice()) {
            String why = CudaSelfCheck.run(device);
            if (why != null) {
                System.err.println("GpuBench: the device failed its self-check: " + why);
                writeStatus(options, "failed", "the device failed its self-check: " + why);
                System.exit(1);
                return;
            }
            CudaTensorService svc = new CudaTensorService(device, new ReferenceTensorService());
            Map<String, Object> res = new GpuBench(device, svc, options).run();
            status = ((List<?>) res.get("errors")).isEmpty() ? 0 : 1;
        }
        System.exit(status);
    }

    private static void writeStatus(GpuBenchOptions options, String status, String reason) throws IOException {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("tool", "gpu_bench");
        res.put("status", status);
        res.put("reason", reason);
        res.put("args", options.asMap());
        for (String p : List.of("matmul", "mlp", "md", "not_run", "errors")) res.put(p, List.of());
        Path out = options.out().toAbsolutePath();
        Files.createDirectories(out.getParent());
        Files.writeString(out, Json.write(res, true));
    }
}
