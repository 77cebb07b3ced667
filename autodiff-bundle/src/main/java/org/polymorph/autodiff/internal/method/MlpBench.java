package org.polymorph.autodiff.internal.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.core.runtime.Timing;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;

/**
 * The MLP of bench.autodiff: x [batch, 784] → tanh(x W1 + b1) → tanh(· W2 + b2) → logits [batch, 10],
 * loss = mean softmax cross-entropy against one-hot labels. Parameters are a List of six Vars.
 * Public (in this unexported package) so that the GPU benchmark harness in gpu-bundle's tests times
 * the same network on the CUDA TensorService.
 */
public final class MlpBench {
    private final AD ad;
    private final Ops o;
    private final DType dtype;
    private final int batch;
    private final int hidden;
    private final Var x;
    private final Var labels;
    private final List<Var> params;
    private final List<Var> direction;

    /** The network on {@code ad}'s TensorService in {@code dtype}; inputs and parameters drawn from RandomKey 42. */
    public MlpBench(AD ad, DType dtype, int batch, int hidden) {
        this.ad = ad;
        this.o = ad.ops();
        this.dtype = dtype;
        this.batch = batch;
        this.hidden = hidden;
        RandomKey key = RandomKey.of(42);
        this.x = normal(key.foldIn(1), 1.0, batch, 784);
        Var cls = o.constant(o.tensors().cast(o.tensors().uniform(key.foldIn(2), DType.FLOAT64, 0, 10, batch, 1), DType.INT64));
        Var ids = o.constant(o.tensors().arange(DType.INT64, 0, 10, 1));
        this.labels = o.cast(o.binary(BinaryOp.EQ, cls, ids), dtype);
        int[][] shapes = {{784, hidden}, {hidden}, {hidden, hidden}, {hidden}, {hidden, 10}, {10}};
        this.params = new ArrayList<>();
        this.direction = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            double scale = shapes[i].length == 2 ? 1.0 / Math.sqrt(shapes[i][0]) : 0.0;
            params.add(normal(key.foldIn(10 + i), scale, shapes[i]));
            direction.add(normal(key.foldIn(20 + i), 1.0, shapes[i]));
        }
    }

    private Var normal(RandomKey key, double scale, int... shape) {
        TensorService ts = o.tensors();
        return o.constant(ts.cast(ts.mul(ts.normal(key, DType.FLOAT64, shape), ts.scalar(DType.FLOAT64, scale)), dtype));
    }

    Var loss(List<Var> p) {
        Var h = o.tanh(o.add(o.matmul(x, p.get(0)), p.get(1)));
        h = o.tanh(o.add(o.matmul(h, p.get(2)), p.get(3)));
        Var logits = o.add(o.matmul(h, p.get(4)), p.get(5));
        Var nll = o.sub(o.logsumexp(logits, false, 1), o.sum(o.mul(labels, logits), 1));
        return o.mean(nll);
    }

    record Timings(double gradMs, double gradGflops, double hvpMs, double loss) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("grad_ms", Timing.round(gradMs, 3));
            m.put("grad_gflops", Timing.round(gradGflops, 2));
            m.put("hvp_ms", Timing.round(hvpMs, 3));
            m.put("loss", loss);
            return m;
        }
    }

    /** One step: the loss at the parameters and its gradient in the six of them (the timed call of bench.autodiff). */
    public ValueAndGrad<List<Var>> valueAndGrad() {
        return ad.valueAndGrad(this::loss, params);
    }

    /** FLOPs of one forward pass, 2 batch (784 h + h h + 10 h); a value-and-grad step counts as 3 of them. */
    public double forwardFlops() {
        return 2.0 * batch * (784.0 * hidden + (double) hidden * hidden + hidden * 10.0);
    }

    /** Best of {@code repeats} after one warm-up call each. */
    Timings time(int repeats) {
        double lossValue = valueAndGrad().value().item();
        double grad = Timing.best(Timing.samples(this::valueAndGrad, 1, repeats));
        double hvp = Timing.best(Timing.samples(() -> ad.hvp(this::loss, params, direction), 1, repeats));
        return new Timings(grad * 1e3, 3 * forwardFlops() / grad / 1e9, hvp * 1e3, lossValue);
    }

    /**
     * The same MLP, loss, grad and hvp (double backward) in PyTorch on {@code device} ("cpu", or "cuda":
     * TF32 off, torch.cuda.synchronize() ending each timed call); prints {"float32": {...}, "float64": {...}}.
     */
    static String torchScript(int batch, int hidden, int repeats, String device) {
        return String.join("\n",
                "import json, time",
                "import torch",
                "torch.manual_seed(0)",
                "dev = torch.device('" + device + "')",
                "sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)",
                "torch.backends.cuda.matmul.allow_tf32 = False",
                "torch.set_float32_matmul_precision('highest')",
                "res = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'device': str(dev)}",
                "for name, dt in (('float32', torch.float32), ('float64', torch.float64)):",
                "    x = torch.randn(" + batch + ", 784, dtype=dt, device=dev)",
                "    y = torch.randint(0, 10, (" + batch + ",), device=dev)",
                "    shapes = [(784, " + hidden + "), (" + hidden + ",), (" + hidden + ", " + hidden + "), (" + hidden + ",), (" + hidden + ", 10), (10,)]",
                "    ps = [(torch.randn(*s, dtype=dt, device=dev) / (s[0] ** 0.5) if len(s) == 2 else torch.zeros(*s, dtype=dt, device=dev)).requires_grad_() for s in shapes]",
                "    vs = [torch.randn(*s, dtype=dt, device=dev) for s in shapes]",
                "    def loss(p):",
                "        h = torch.tanh(x @ p[0] + p[1]); h = torch.tanh(h @ p[2] + p[3])",
                "        return torch.nn.functional.cross_entropy(h @ p[4] + p[5], y)",
                "    def grad():",
                "        return torch.autograd.grad(loss(ps), ps)",
                "    def hvp():",
                "        g = torch.autograd.grad(loss(ps), ps, create_graph=True)",
                "        return torch.autograd.grad(sum((gi * vi).sum() for gi, vi in zip(g, vs)), ps)",
                "    def best(f):",
                "        f(); sync(); ts = []",
                "        for _ in range(" + repeats + "):",
                "            t0 = time.perf_counter(); f(); sync(); ts.append(time.perf_counter() - t0)",
                "        return round(min(ts) * 1e3, 3)",
                "    res[name] = {'grad_ms': best(grad), 'hvp_ms': best(hvp)}",
                "print(json.dumps(res))",
                "");
    }
}
