package org.polymorph.autodiff.internal.method;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.PythonPeer;
import org.polymorph.core.runtime.Timing;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.TensorService;

/**
 * bench.autodiff: (a) value-and-grad of an MLP 784-h-h-10 (tanh, softmax cross-entropy) at a batch,
 * float32 and float64; (b) its Hessian-vector product (forward over reverse); (c) the per-primitive
 * overhead on 3x3 tensors, forward and backward. PyTorch, when importable by python3, runs (a) and
 * (b) in the same run and the ratios are printed: on the GPU when the TensorService is a GPU backend
 * and an interpreter's torch sees CUDA ({@link PythonPeer#TORCH_CUDA_PROBE}), on the CPU otherwise.
 * Prints the backend it ran on.
 */
public final class BenchAutodiffMethod implements Method {
    private final Provider<TensorService> service;
    private final AutodiffService autodiff;

    @Inject
    public BenchAutodiffMethod(Provider<TensorService> service, AutodiffService autodiff) {
        this.service = service;
        this.autodiff = autodiff;
    }

    @Override public String id() { return "bench.autodiff"; }

    @Override public String description() {
        return "ms per value-and-grad and per hvp of an MLP 784-h-h-10, and ns per primitive (3x3) forward/backward; PyTorch peer when installed";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("batch", 256, "", 1, 65_536, "MLP batch size"),
                ParamSpec.integer("hidden", 1024, "", 1, 16_384, "width of the two hidden layers"),
                ParamSpec.integer("repeats", 5, "", 1, 1000, "timed calls per measurement (the best is reported)"),
                ParamSpec.integer("budget_ms", 300, "ms", 10, 60_000, "time spent per tiny-op measurement"),
                ParamSpec.bool("torch", true, "also run PyTorch (python3 -c) when it is installed"));
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory runDirectory) {
        TensorService ts = service.get();
        AD ad = autodiff.create(ts);
        int batch = params.getInt("batch");
        int hidden = params.getInt("hidden");
        int repeats = params.getInt("repeats");
        Map<String, Object> describe = ts.describe();
        Result.Builder r = Result.builder().put("backend", ts.name()).put("batch", batch).put("hidden", hidden);
        r.summary("backend: " + ts.name() + (describe.get("device") instanceof Map<?, ?> d ? " on " + d.get("name") : ""));
        Map<String, Object> mlp = new LinkedHashMap<>();
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            progress.checkCancelled("MLP timings, " + dt);
            progress.message("MLP value-and-grad and hvp, " + dt);
            MlpBench.Timings t = new MlpBench(ad, dt, batch, hidden).time(repeats);
            mlp.put(dt.id(), t.asMap());
            r.summary(String.format(Locale.ROOT, "MLP 784-%d-%d-10 batch %d %s: value_and_grad %.2f ms (%.1f GFLOP/s), hvp %.2f ms",
                    hidden, hidden, batch, dt, t.gradMs(), t.gradGflops(), t.hvpMs()));
        }
        r.put("mlp", mlp);
        progress.checkCancelled("MLP timings");
        progress.message("per-primitive overhead");
        Map<String, Object> tiny = tinyOps(ad, params.getInt("budget_ms"));
        r.put("tiny_3x3_ns", tiny);
        r.summary("3x3 ns per primitive: " + tiny);
        if (params.getBoolean("torch")) {
            String cuda = PythonPeer.gpuBackend(describe) ? PythonPeer.interpreterFor(PythonPeer.TORCH_CUDA_PROBE) : null;
            progress.message("PyTorch peer on the " + (cuda != null ? "GPU (" + cuda + ")" : "CPU"));
            int threads = PythonPeer.blasThreads(describe);
            Map<String, Object> torch = cuda != null ? PythonPeer.runOn(cuda, MlpBench.torchScript(batch, hidden, repeats, "cuda"), threads, 900)
                    : PythonPeer.run(MlpBench.torchScript(batch, hidden, repeats, "cpu"), threads, 900, List.of("torch"));
            progress.checkCancelled("the PyTorch peer");
            r.put("peer_torch", torch);
            r.put("peer_torch_device", cuda != null ? "cuda" : "cpu");
            if (!torch.containsKey("unavailable")) {
                Map<String, Object> ratios = new LinkedHashMap<>();
                for (String dt : List.of("float32", "float64")) {
                    Map<?, ?> ours = (Map<?, ?>) mlp.get(dt);
                    Map<?, ?> theirs = (Map<?, ?>) torch.get(dt);
                    if (theirs == null) continue;
                    ratios.put(dt + "_grad_speed_vs_torch", ratio(theirs.get("grad_ms"), ours.get("grad_ms")));
                    ratios.put(dt + "_hvp_speed_vs_torch", ratio(theirs.get("hvp_ms"), ours.get("hvp_ms")));
                }
                r.put("ratios", ratios);
                r.summary("speed relative to PyTorch (>1 is faster): " + ratios);
            } else {
                r.summary("PyTorch peer: " + torch.get("unavailable"));
            }
        }
        return r.build();
    }

    private static double ratio(Object theirs, Object ours) {
        return Timing.round(((Number) theirs).doubleValue() / ((Number) ours).doubleValue(), 3);
    }

    /** ns per primitive: a plain TensorService add, the same through Ops, and per primitive of grad of a chain. */
    private static Map<String, Object> tinyOps(AD ad, long budgetMs) {
        Ops o = ad.ops();
        TensorService ts = o.tensors();
        Var a = o.constant(ts.fromArray(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3));
        Var b = o.constant(ts.fromArray(new double[] {0.5, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9}, 3, 3));
        int chain = 50;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tensor_service_add", Timing.round(Timing.nsPerCall(() -> ts.add(a.value(), b.value()), budgetMs), 1));
        out.put("ops_add_untraced", Timing.round(Timing.nsPerCall(() -> o.add(a, b), budgetMs), 1));
        out.put("forward_traced_per_primitive", Timing.round(Timing.nsPerCall(() -> ad.vjp(x -> chain(o, x, b, chain), a), budgetMs) / chain, 1));
        out.put("forward_and_backward_per_primitive", Timing.round(
                Timing.nsPerCall(() -> ad.grad(x -> chain(o, x, b, chain).sum(), a), budgetMs) / (chain + 1), 1));
        out.put("jvp_per_primitive", Timing.round(Timing.nsPerCall(() -> ad.jvp(x -> chain(o, x, b, chain), a, b), budgetMs) / chain, 1));
        return out;
    }

    private static Var chain(Ops o, Var x, Var b, int n) {
        for (int i = 0; i < n; i++) x = i % 2 == 0 ? o.add(x, b) : o.mul(x, b);
        return x;
    }
}
