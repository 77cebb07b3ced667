package org.polymorph.analysis.internal.ntk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.analysis.network.LayerSpec;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.runtime.PythonPeer;

/**
 * The PyTorch peer of bench.ntk: functorch's {@code vmap(jacrev(f), in_dims=(None, 0))} Jacobians of the same network
 * (stax NTK parameterisation, NHWC activations, HWIO kernels) at the same parameters and inputs (read from the .npz and
 * .npy files we write), contracted over parameters and traced over outputs, float64: the Jacobian-contraction NTK.
 * Per case it reports the best time of {@code repeats} calls after one warm-up and max |Θ_torch − Θ_ours|.
 */
final class TorchNtkPeer {
    private TorchNtkPeer() { }

    /** A case: the network, and the files of x, params and our kernel. */
    record Case(String name, NetworkSpec spec, Path x, Path params, Path ours) { }

    static Map<String, Object> run(List<Case> cases, int repeats, int threads) {
        List<Object> items = new ArrayList<>();
        for (Case c : cases) {
            items.add(Map.of("name", c.name(), "layers", layers(c.spec()), "x", c.x().toString(), "params", c.params().toString(),
                    "ours", c.ours().toString()));
        }
        String script = String.join("\n",
                "import json, time",
                "import numpy as np, torch",
                "import torch.nn.functional as F",
                "try:",
                "    from torch.func import vmap, jacrev",
                "except ImportError:",
                "    from functorch import vmap, jacrev",
                "torch.set_num_threads(" + threads + ")",
                "cases = json.loads(" + Json.write(Json.write(items, false), false) + ")",
                "def apply(layers, p, x):",
                "    h = x.unsqueeze(0)",
                "    for i, l in enumerate(layers):",
                "        k = l[0]",
                "        if k == 'dense':",
                "            w = p['%d.w' % i]; h = (l[1] / w.shape[0] ** 0.5) * (h @ w) + l[2] * p['%d.b' % i]",
                "        elif k == 'conv':",
                "            w = p['%d.w' % i]; fan = w.shape[0] * w.shape[1] * w.shape[2]",
                "            y = F.conv2d(h.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1), stride=l[3], padding=l[4])",
                "            h = (l[1] / fan ** 0.5) * y.permute(0, 2, 3, 1) + l[2] * p['%d.b' % i]",
                "        elif k == 'relu': h = torch.relu(h)",
                "        elif k == 'tanh': h = torch.tanh(h)",
                "        elif k == 'erf': h = torch.erf(h)",
                "        elif k == 'avg_pool': h = F.avg_pool2d(h.permute(0, 3, 1, 2), l[1], l[2]).permute(0, 2, 3, 1)",
                "        elif k == 'global_avg_pool': h = h.mean(dim=(1, 2))",
                "        elif k == 'flatten': h = h.reshape(h.shape[0], -1)",
                "        else: raise ValueError(k)",
                "    return h[0]",
                "def ntk(layers, p, x):",
                "    j = vmap(jacrev(lambda q, xi: apply(layers, q, xi)), in_dims=(None, 0))(p, x)",
                "    n = x.shape[0]",
                "    return sum(v.reshape(n, -1) @ v.reshape(n, -1).T for v in j.values())",
                "res = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'cases': {}}",
                "for c in cases:",
                "    z = np.load(c['params']); p = {k: torch.from_numpy(z[k]) for k in z.files}",
                "    x = torch.from_numpy(np.load(c['x']))",
                "    with torch.no_grad():",
                "        k = ntk(c['layers'], p, x); ts = []",
                "        for _ in range(" + repeats + "):",
                "            t0 = time.perf_counter(); k = ntk(c['layers'], p, x); ts.append(time.perf_counter() - t0)",
                "    d = float(np.max(np.abs(k.numpy() - np.load(c['ours']))))",
                "    res['cases'][c['name']] = {'jc_ms': round(min(ts) * 1e3, 3), 'max_abs_diff_to_ours': d}",
                "print(json.dumps(res))",
                "");
        return PythonPeer.run(script, threads, 1800, List.of("torch", "numpy"));
    }

    /** The layers as the script's tuples; only the kinds it implements (the bench builds its networks from these). */
    private static List<Object> layers(NetworkSpec spec) {
        List<Object> out = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            String k = l.kind().id();
            out.add(switch (l.kind()) {
                case DENSE -> List.of(k, l.doubleArg("w_std"), l.doubleArg("b_std"));
                case CONV -> List.of(k, l.doubleArg("w_std"), l.doubleArg("b_std"), l.intArg("stride"), l.textArg("padding").toLowerCase(Locale.ROOT));
                case AVG_POOL -> List.of(k, l.intArg("window"), l.intArg("stride"));
                case RELU, TANH, ERF, GLOBAL_AVG_POOL, FLATTEN -> List.of(k);
                default -> throw new IllegalArgumentException("the PyTorch peer has no " + k + " layer");
            });
        }
        return out;
    }
}
