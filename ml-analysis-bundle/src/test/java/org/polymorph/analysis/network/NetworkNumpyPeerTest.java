package org.polymorph.analysis.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.core.runtime.PythonPeer;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;

/**
 * The forward pass against an independent numpy implementation of the same stax conventions (NHWC, HWIO,
 * TensorFlow SAME padding, NTK scaling), fed the parameters and inputs through params.npz and x.npy.
 */
class NetworkNumpyPeerTest {
    private static final String FORWARD = String.join("\n",
            "import json, math, sys",
            "import numpy as np",
            "d = sys.argv[1] if len(sys.argv) > 1 else DIR",
            "P = np.load(d + '/params.npz')",
            "x = np.load(d + '/x.npy')",
            "erf = np.vectorize(math.erf)",
            "def conv(h, w, stride, same):",
            "    kh, kw, cin, cout = w.shape",
            "    n, H, W, _ = h.shape",
            "    if same:",
            "        oh, ow = -(-H // stride), -(-W // stride)",
            "        ph = max(0, (oh - 1) * stride + kh - H); pw = max(0, (ow - 1) * stride + kw - W)",
            "        h = np.pad(h, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))",
            "    else:",
            "        oh, ow = (H - kh) // stride + 1, (W - kw) // stride + 1",
            "    y = np.zeros((n, oh, ow, cout))",
            "    for p in range(oh):",
            "        for q in range(ow):",
            "            patch = h[:, p * stride:p * stride + kh, q * stride:q * stride + kw, :]",
            "            y[:, p, q, :] = np.tensordot(patch, w, axes=([1, 2, 3], [0, 1, 2]))",
            "    return y",
            "def pool(h, k, s):",
            "    n, H, W, c = h.shape",
            "    oh, ow = (H - k) // s + 1, (W - k) // s + 1",
            "    return np.array([[h[:, p * s:p * s + k, q * s:q * s + k, :].mean(axis=(1, 2)) for q in range(ow)] for p in range(oh)]).transpose(2, 0, 1, 3)",
            "def net1(x):",
            "    h = conv(x, P['0.w'], 2, True) * 1.4 / math.sqrt(3 * 3 * 2) + 0.3 * P['0.b']",
            "    h = np.maximum(h, 0)",
            "    h = conv(h, P['2.w'], 1, False) * 1.2 / math.sqrt(2 * 2 * 3) + 0.1 * P['2.b']",
            "    h = 0.5 * h * (1 + erf(h / math.sqrt(2)))",
            "    h = erf(pool(h, 2, 1))",
            "    h = h.reshape(h.shape[0], -1)",
            "    h = h @ P['7.w'] * 1.1 / math.sqrt(h.shape[1]) + 0.2 * P['7.b']",
            "    h = np.where(h >= 0, h, 0.1 * h)",
            "    return h @ P['9.w'] / math.sqrt(h.shape[1])",
            "def net2(x):",
            "    h = np.tanh(conv(x, P['0.w'], 1, False) * 0.8 / math.sqrt(3 * 3 * 2) + 0.5 * P['0.b'])",
            "    h = h.mean(axis=(1, 2))",
            "    h = h @ P['3.w'] * 1.3 / math.sqrt(h.shape[1]) + 0.05 * P['3.b']",
            "    h = 1 / (1 + np.exp(-h))",
            "    return np.abs(h @ P['5.w'] / math.sqrt(3))",
            "y = NET(x)",
            "np.save(d + '/y.npy', y)",
            "print(json.dumps({'shape': list(y.shape)}))");

    private final AdTesting t = new AdTesting();

    @Test
    void convPoolDenseNetworkEqualsNumpy(@TempDir Path dir) {
        compare(dir, "conv(out=3,kernel=3,stride=2,padding=same,w_std=1.4,b_std=0.3),relu,conv(out=4,kernel=2,w_std=1.2,b_std=0.1),gelu,"
                + "avg_pool(2,1),erf,flatten,dense(out=5,w_std=1.1,b_std=0.2),leaky_relu(0.1),dense(out=2)", "net1", new int[] {2, 7, 7, 2});
    }

    @Test
    void globalPoolNetworkEqualsNumpy(@TempDir Path dir) {
        compare(dir, "conv(out=6,w_std=0.8,b_std=0.5),tanh,global_avg_pool,dense(out=3,w_std=1.3,b_std=0.05),sigmoid,dense(out=2),abs",
                "net2", new int[] {3, 5, 6, 2});
    }

    private void compare(Path dir, String layers, String fn, int[] xShape) {
        Map<String, Object> probe = PythonPeer.run("import json, numpy; print(json.dumps({}))", 1, 120, List.of("numpy"));
        Assumptions.assumeFalse(probe.containsKey("unavailable"), "numpy peer: " + probe.get("unavailable"));
        Network net = new Network(NetworkSpec.parse(layers), java.util.Arrays.copyOfRange(xShape, 1, 4));
        List<Map<String, Tensor>> params = net.init(t.ts, RandomKey.of(21));
        Tensor x = t.ts.normal(RandomKey.of(22), DType.FLOAT64, xShape);
        NpyFiles.writeNpz(t.ts, dir.resolve("params.npz"), NpyFiles.flatten(params));
        NpyFiles.write(t.ts, dir.resolve("x.npy"), x);
        String script = FORWARD.replace("DIR", "'" + dir.toAbsolutePath() + "'").replace("NET(x)", fn + "(x)");
        Map<String, Object> r = PythonPeer.run(script, 1, 120, List.of("numpy"));
        assertFalse(r.containsKey("unavailable"), String.valueOf(r.get("unavailable")));
        double[] want = t.ts.toDoubleArray(NpyFiles.read(t.ts, dir.resolve("y.npy")));
        Tensor got = net.apply(t.ad, Network.constants(t.o, params), t.o.constant(x)).value();
        assertArrayEquals(new int[] {xShape[0], net.outputShape()[0]}, got.shape().toArray());
        double[] g = t.ts.toDoubleArray(got);
        assertEquals(want.length, g.length);
        for (int i = 0; i < g.length; i++) assertEquals(want[i], g[i], 1e-12, "output " + i);
    }
}
