package org.polymorph.gpu.internal.method;

import org.polymorph.core.runtime.PythonPeer;
import org.polymorph.core.runtime.Timing;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ListSyntax;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cpu.internal.Nd4jBench;
import org.polymorph.gpu.cpu.internal.Nd4jRuntime;

/**
 * bench.matmul: GFLOP/s (2 n^3 / t) of square matmul, measured three ways in one run: through the
 * active TensorService, through ND4J directly, and through numpy (python3) when installed, with
 * the ratios service/numpy and service/nd4j. Writes result.json through the runtime.
 */
public final class BenchMatmulMethod implements Method {
    private final Provider<TensorService> service;
    private final Nd4jBench nd4j;

    @Inject
    public BenchMatmulMethod(Provider<TensorService> service, Nd4jRuntime nd4j) {
        this.service = service;
        this.nd4j = new Nd4jBench(nd4j);
    }

    @Override public String id() { return "bench.matmul"; }

    @Override public String description() {
        return "Square matmul speed in GFLOP/s through the TensorService, ND4J directly and numpy, with ratios";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.intList("sizes", List.of(256, 512, 1000, 2000), "", 1, 8192, "matrix sizes n (n x n times n x n)"),
                ParamSpec.text("dtypes", "float64,float32", "comma-separated dtypes: float64, float32"),
                ParamSpec.integer("repeats", 10, "", 1, 1000, "timed calls per size and dtype (best and median reported)"),
                ParamSpec.integer("warmup", 2, "", 0, 100, "untimed calls before timing"),
                ParamSpec.bool("numpy", true, "also time numpy (python3) when it is installed"));
    }

    static List<DType> parseDtypes(String raw) {
        List<DType> out = new ArrayList<>();
        for (String s : ListSyntax.elements("dtypes", raw, raw, "float64, float32 or both comma-separated")) {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (v.equals("float64") || v.equals("f64")) out.add(DType.FLOAT64);
            else if (v.equals("float32") || v.equals("f32")) out.add(DType.FLOAT32);
            else throw BadInputException.forParam("dtypes", raw, "'" + s.trim() + "' is not a benchmarked dtype", "use float64, float32 or both comma-separated");
        }
        return out;
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory runDirectory) {
        List<Integer> sizes = params.getIntList("sizes");
        List<DType> dtypes = parseDtypes(params.getString("dtypes"));
        int repeats = params.getInt("repeats");
        int warmup = params.getInt("warmup");
        TensorService svc = service.get();
        Map<String, Object> describe = svc.describe();
        int threads = blasThreads(describe);
        Map<String, Object> numpy = params.getBoolean("numpy") ? numpy(sizes, dtypes, warmup, repeats, threads, progress)
                : Map.of("unavailable", "numpy=false");
        List<Map<String, Object>> rows = new ArrayList<>();
        Result.Builder result = Result.builder();
        int step = 0;
        for (DType dt : dtypes) {
            for (int n : sizes) {
                progress.checkCancelled("n=" + n + " " + dt);
                progress.update(step++, (long) sizes.size() * dtypes.size(), "n=" + n + " " + dt);
                Map<String, Object> row = measure(svc, n, dt, warmup, repeats, numpy);
                rows.add(row);
                result.summary(summaryLine(row));
            }
        }
        result.put("backend", svc.name());
        result.put("blas", describe.get("blas"));
        result.put("blas_threads", threads);
        result.put("numpy_config", numpy.getOrDefault("config", numpy.get("unavailable")));
        result.put("results", rows);
        Object pool = svc.describe().get("native_pool");
        if (pool != null) result.put("native_pool", pool);
        return result.build();
    }

    private Map<String, Object> measure(TensorService svc, int n, DType dt, int warmup, int repeats, Map<String, Object> numpy) {
        double flop = 2.0 * n * n * (double) n;
        Tensor a = svc.normal(RandomKey.of(1), dt, n, n);
        Tensor b = svc.normal(RandomKey.of(2), dt, n, n);
        double[] s = Timing.samples(() -> svc.matmul(a, b), warmup, repeats);
        double[] d = nd4j.gemm(n, dt, warmup, repeats);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("n", n);
        row.put("dtype", dt.id());
        row.put("service_gflops_best", Timing.round(flop / Timing.best(s) / 1e9, 3));
        row.put("service_gflops_median", Timing.round(flop / Timing.median(s) / 1e9, 3));
        row.put("nd4j_gflops_best", Timing.round(flop / Timing.best(d) / 1e9, 3));
        row.put("nd4j_gflops_median", Timing.round(flop / Timing.median(d) / 1e9, 3));
        row.put("ratio_service_nd4j", Timing.round(Timing.best(d) / Timing.best(s), 3));
        Object np = numpy.get(n + ":" + dt.id());
        if (np instanceof Map) {
            double npBest = ((Number) ((Map<?, ?>) np).get("best")).doubleValue();
            double npMedian = ((Number) ((Map<?, ?>) np).get("median")).doubleValue();
            row.put("numpy_gflops_best", Timing.round(flop / npBest / 1e9, 3));
            row.put("numpy_gflops_median", Timing.round(flop / npMedian / 1e9, 3));
            row.put("ratio_service_numpy", Timing.round(npBest / Timing.best(s), 3));
        }
        return row;
    }

    private static String summaryLine(Map<String, Object> r) {
        return String.format(Locale.ROOT, "n=%-5s %-7s service %7s  nd4j %7s  numpy %7s GFLOP/s (best)  service/numpy %s  service/nd4j %s",
                r.get("n"), r.get("dtype"), r.get("service_gflops_best"), r.get("nd4j_gflops_best"),
                r.getOrDefault("numpy_gflops_best", "-"), r.getOrDefault("ratio_service_numpy", "-"), r.get("ratio_service_nd4j"));
    }

    static int blasThreads(Map<String, Object> describe) { return PythonPeer.blasThreads(describe); }

    private static Map<String, Object> numpy(List<Integer> sizes, List<DType> dtypes, int warmup, int repeats, int threads, Progress progress) {
        progress.message("numpy peer (python3, " + threads + " BLAS threads)");
        StringBuilder py = new StringBuilder(Numpy.CONFIG_FUNCTION);
        py.append("import json, time\nimport numpy as np\nres = {'config': blas_config()}\nrng = np.random.default_rng(0)\n");
        py.append("for dt in ").append(pyList(dtypes)).append(":\n");
        py.append("    for n in ").append(sizes).append(":\n");
        py.append("        a = rng.standard_normal((n, n)).astype(dt); b = rng.standard_normal((n, n)).astype(dt)\n");
        py.append("        for _ in range(").append(warmup).append("): a @ b\n");
        py.append("        ts = []\n");
        py.append("        for _ in range(").append(repeats).append("):\n");
        py.append("            t0 = time.perf_counter(); a @ b; ts.append(time.perf_counter() - t0)\n");
        py.append("        ts.sort(); m = len(ts)\n");
        py.append("        res['%d:%s' % (n, dt)] = {'best': ts[0], 'median': ts[m // 2] if m % 2 else 0.5 * (ts[m // 2 - 1] + ts[m // 2])}\n");
        py.append("print(json.dumps(res))\n");
        return Numpy.run(py.toString(), threads, 1800);
    }

    private static String pyList(List<DType> dtypes) {
        StringBuilder b = new StringBuilder("[");
        for (DType d : dtypes) b.append(b.length() > 1 ? ", " : "").append('\'').append(d.id()).append('\'');
        return b.append(']').toString();
    }
}
