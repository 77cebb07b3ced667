package org.polymorph.gpu.internal.method;

import org.polymorph.core.runtime.Timing;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * bench.ops: per-op cost in ns of tiny float64 ops (3 x 3 add, mul, exp, sum, matmul) through the
 * active TensorService, through ND4J directly (allocating and preallocated) and through numpy.
 */
public final class BenchOpsMethod implements Method {
    private final Provider<TensorService> service;
    private final Nd4jBench nd4j;

    @Inject
    public BenchOpsMethod(Provider<TensorService> service, Nd4jRuntime nd4j) {
        this.service = service;
        this.nd4j = new Nd4jBench(nd4j);
    }

    @Override public String id() { return "bench.ops"; }

    @Override public String description() {
        return "Per-op overhead in ns of tiny 3x3 float64 ops through the TensorService, ND4J directly and numpy";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("budget_ms", 300, "ms", 10, 60_000, "time spent per op and peer"),
                ParamSpec.bool("nd4j", true, "also time ND4J directly (waits for ND4J to initialise)"),
                ParamSpec.bool("numpy", true, "also time numpy (python3) when it is installed"));
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory runDirectory) {
        long budget = params.getInt("budget_ms");
        TensorService svc = service.get();
        if (params.getBoolean("nd4j")) nd4j.ready();   // ND4J initialising in the background would skew the timings
        Tensor a = svc.uniform(RandomKey.of(1), DType.FLOAT64, 0.5, 1.5, 3, 3);
        Tensor b = svc.uniform(RandomKey.of(2), DType.FLOAT64, 0.5, 1.5, 3, 3);
        progress.message("service ops");
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("add", Timing.round(Timing.nsPerCall(() -> svc.add(a, b), budget), 1));
        ns.put("mul", Timing.round(Timing.nsPerCall(() -> svc.mul(a, b), budget), 1));
        ns.put("exp", Timing.round(Timing.nsPerCall(() -> svc.exp(a), budget), 1));
        ns.put("sum", Timing.round(Timing.nsPerCall(() -> svc.sum(a), budget), 1));
        ns.put("matmul", Timing.round(Timing.nsPerCall(() -> svc.matmul(a, b), budget), 1));
        progress.checkCancelled("the service ops");
        Result.Builder r = Result.builder().put("backend", svc.name()).put("service_ns", ns);
        Map<String, Object> peers = new LinkedHashMap<>();
        if (params.getBoolean("nd4j")) {
            progress.message("ND4J ops");
            Map<String, Object> d = new LinkedHashMap<>();
            nd4j.tinyOps(body -> Timing.nsPerCall(body, budget)).forEach((k, v) -> d.put(k, Timing.round(v, 1)));
            peers.put("nd4j_ns", d);
            progress.checkCancelled("the ND4J ops");
        }
        if (params.getBoolean("numpy")) {
            progress.message("numpy ops");
            peers.put("numpy_ns", numpy(budget, BenchMatmulMethod.blasThreads(svc.describe())));
            progress.checkCancelled("the numpy ops");
        }
        r.put("peers", peers);
        r.summary(String.format(Locale.ROOT, "3x3 float64 ns/op through %s: %s", svc.name(), ns));
        peers.forEach((k, v) -> r.summary(k + ": " + v));
        return r.build();
    }

    private static Object numpy(long budgetMs, int threads) {
        String py = Numpy.CONFIG_FUNCTION + String.join("\n",
                "import json, timeit",
                "import numpy as np",
                "a = np.random.default_rng(1).uniform(0.5, 1.5, (3, 3)); b = np.random.default_rng(2).uniform(0.5, 1.5, (3, 3))",
                "ops = {'add': lambda: a + b, 'mul': lambda: a * b, 'exp': lambda: np.exp(a), 'sum': lambda: a.sum(), 'matmul': lambda: a @ b}",
                "res = {}",
                "for k, f in ops.items():",
                "    t = timeit.Timer(f); n, _ = t.autorange()",
                "    reps = max(3, int(" + budgetMs + " / 1000.0 / max(1e-9, t.timeit(n) / n) / n))",
                "    res[k] = round(min(t.repeat(repeat=min(reps, 20), number=n)) / n * 1e9, 1)",
                "res['config'] = blas_config()",
                "print(json.dumps(res))",
                "");
        return Numpy.run(py, threads, 600);
    }
}
