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
 * active TensorService, through ND4J directly, and through a Python peer when installed, with the
 * ratios service/peer and service/nd4j. The peer is PyTorch on the GPU (torch.matmul, TF32 off,
 * synchronised after each call) when the service is a GPU backend and an interpreter's torch sees
 * CUDA ({@link PythonPeer#TORCH_CUDA_PROBE}); numpy on the CPU otherwise. Prints the backend it ran
 * on. Writes result.json through the runtime.
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
                ParamSpec.bool("numpy", true, "also time the Python peer when installed: numpy, or PyTorch on the GPU when the backend is a GPU one and torch sees CUDA"));
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
        String torchCuda = params.getBoolean("numpy") && PythonPeer.gpuBackend(describe) ? PythonPeer.interpreterFor(PythonPeer.TORCH_CUDA_PROBE) : null;
        String peerName = torchCuda != null ? "torch" : "numpy";
        Map<String, Object> peer = !params.getBoolean("numpy") ? Map.of("unavailable", "numpy=false")
                : torchCuda != null ? torchCuda(torchCuda, sizes, dtypes, warmup, repeats, progress)
                : numpy(sizes, dtypes, warmup, repeats, threads, progress);
        List<Map<String, Object>> rows = new ArrayList<>();
        Result.Builder result = Result.builder();
        result.summary("backend: " + svc.name() + (describe.get("device") instanceof Map<?, ?> d ? " on " + d.get("name") : "")
                + "; peer: " + (!params.getBoolean("numpy") ? "none (numpy=false)" : torchCuda != null ? "PyTorch on the GPU (" + torchCuda + ")" : "numpy on the CPU"));
        int step = 0;
        for (DType dt : dtypes) {
            for (int n : sizes) {
                progress.checkCancelled("n=" + n + " " + dt);
                progress.update(step++, (long) sizes.size() * dtypes.size(), "n=" + n + " " + dt);
                Map<String, Object> row = measure(svc, n, dt, warmup, repeats, peer, peerName);
                rows.add(row);
                result.summary(summaryLine(row, peerName));
            }
        }
        result.put("backend", svc.name());
        result.put("blas", describe.get("blas"));
        result.put("blas_threads", threads);
        if (describe.get("device") != null) result.put("device", describe.get("device"));
        result.put("peer", peerName);
        result.put(peerName + "_config", peer.getOrDefault("config", peer.get("unavailable")));
        result.put("results", rows);
        Object pool = svc.describe().get("native_pool");
        if (pool != null) result.put("native_pool", pool);
        return result.build();
    }

    /** One size and dtype: the service, ND4J and the peer's timings ({@code peer}'s "n:dtype" entry, under {@code peerName}). */
    private Map<String, Object> measure(TensorService svc, int n, DType dt, int warmup, int repeats, Map<String, Object> peer, String peerName) {
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
        Object p = peer.get(n + ":" + dt.id());
        if (p instanceof Map) {
            double peerBest = ((Number) ((Map<?, ?>) p).get("best")).doubleValue();
            double peerMedian = ((Number) ((Map<?, ?>) p).get("median")).doubleValue();
            row.put(peerName + "_gflops_best", Timing.round(flop / peerBest / 1e9, 3));
            row.put(peerName + "_gflops_median", Timing.round(flop / peerMedian / 1e9, 3));
            row.put("ratio_service_" + peerName, Timing.round(peerBest / Timing.best(s), 3));
        }
        return row;
    }

    private static String summaryLine(Map<String, Object> r, String peerName) {
        return String.format(Locale.ROOT, "n=%-5s %-7s service %7s  nd4j %7s  %s %7s GFLOP/s (best)  service/%s %s  service/nd4j %s",
                r.get("n"), r.get("dtype"), r.get("service_gflops_best"), r.get("nd4j_gflops_best"), peerName,
                r.getOrDefault(peerName + "_gflops_best", "-"), peerName, r.getOrDefault("ratio_service_" + peerName, "-"), r.get("ratio_service_nd4j"));
    }

    static int blasThreads(Map<String, Object> describe) { return PythonPeer.blasThreads(describe); }

    private static Map<String, Object> numpy(List<Integer> sizes, List<DType> dtypes, int warmup, int repeats, int threads, Progress progress) {
        progress.message("numpy peer (python3, " + threads + " BLAS threads)");
        String setup = Numpy.CONFIG_FUNCTION + "import json, time\nimport numpy as np\nres = {'config': blas_config()}\nrng = np.random.default_rng(0)\n";
        String inputs = "a = rng.standard_normal((n, n)).astype(dt); b = rng.standard_normal((n, n)).astype(dt)";
        return Numpy.run(peerScript(setup, inputs, "a @ b", "", sizes, dtypes, warmup, repeats), threads, 1800);
    }

    /**
     * PyTorch on the GPU: torch.matmul of N(0, 1) matrices made on the device, TF32 off (float32 is
     * true FP32, as the service's), torch.cuda.synchronize() ending each timed call as the service's
     * ops end synchronised.
     */
    private static Map<String, Object> torchCuda(String python, List<Integer> sizes, List<DType> dtypes, int warmup, int repeats, Progress progress) {
        progress.message("PyTorch peer on the GPU (" + python + ")");
        return PythonPeer.runOn(python, torchScript(sizes, dtypes, warmup, repeats), 1, 1800);
    }

    /** The PyTorch-on-the-GPU peer's script (see {@link #torchCuda}). */
    static String torchScript(List<Integer> sizes, List<DType> dtypes, int warmup, int repeats) {
        String setup = String.join("\n",
                "import json, time",
                "import torch",
                "torch.backends.cuda.matmul.allow_tf32 = False",
                "torch.set_float32_matmul_precision('highest')",
                "dev = torch.device('cuda')",
                "gen = torch.Generator(device=dev); gen.manual_seed(0)",
                "res = {'config': {'torch': torch.__version__, 'gpu': torch.cuda.get_device_name(0), 'cuda': torch.version.cuda,"
                        + " 'allow_tf32': torch.backends.cuda.matmul.allow_tf32}}",
                "");
        String inputs = "a = torch.randn(n, n, dtype=getattr(torch, dt), device=dev, generator=gen);"
                + " b = torch.randn(n, n, dtype=getattr(torch, dt), device=dev, generator=gen)";
        return peerScript(setup, inputs, "torch.matmul(a, b)", "; torch.cuda.synchronize()", sizes, dtypes, warmup, repeats);
    }

    /** The timing loop both peers share: per dtype and n, {@code warmup} calls, then {@code repeats} timed ones; prints {"n:dtype": {best, median} s}. */
    private static String peerScript(String setup, String inputs, String call, String sync, List<Integer> sizes, List<DType> dtypes, int warmup, int repeats) {
        StringBuilder py = new StringBuilder(setup);
        py.append("for dt in ").append(pyList(dtypes)).append(":\n");
        py.append("    for n in ").append(sizes).append(":\n");
        py.append("        ").append(inputs).append('\n');
        py.append("        for _ in range(").append(warmup).append("): ").append(call).append(sync).append('\n');
        py.append("        ts = []\n");
        py.append("        for _ in range(").append(repeats).append("):\n");
        py.append("            t0 = time.perf_counter(); ").append(call).append(sync).append("; ts.append(time.perf_counter() - t0)\n");
        py.append("        ts.sort(); m = len(ts)\n");
        py.append("        res['%d:%s' % (n, dt)] = {'best': ts[0], 'median': ts[m // 2] if m % 2 else 0.5 * (ts[m // 2 - 1] + ts[m // 2])}\n");
        py.append("print(json.dumps(res))\n");
        return py.toString();
    }

    private static String pyList(List<DType> dtypes) {
        StringBuilder b = new StringBuilder("[");
        for (DType d : dtypes) b.append(b.length() > 1 ? ", " : "").append('\'').append(d.id()).append('\'');
        return b.append(']').toString();
    }
}
