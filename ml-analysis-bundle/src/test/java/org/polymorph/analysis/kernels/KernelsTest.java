package org.polymorph.analysis.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class KernelsTest {
    private final TensorService ts = new ReferenceTensorService();
    private final Kernels kernels = new Kernels(ts);

    private Tensor normal(long seed, int... shape) { return ts.normal(RandomKey.of(seed), DType.FLOAT64, shape); }

    private double[] values(Tensor t) { return ts.toDoubleArray(t); }

    /** Dense–relu–dense by hand: K1 = σ²K0 + β², Θ1 = K1; arc-cosine; K3 = σ²K2 + β², Θ3 = K3 + σ²Θ2. */
    @Test
    void denseReluDenseFollowsTheArcCosineRecursion() {
        Tensor x = normal(1, 3, 5);
        KernelPair k = kernels.compute(NetworkSpec.parse(
                "dense(out=64,w_std=1.5,b_std=0.1),relu,dense(out=1,w_std=1.2,b_std=0.05)"), x, null);
        double[] xs = values(x);
        double[][] k1 = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double dot = 0;
                for (int c = 0; c < 5; c++) dot += xs[i * 5 + c] * xs[j * 5 + c];
                k1[i][j] = 2.25 * dot / 5 + 0.01;
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = Math.sqrt(k1[i][i] * k1[j][j]);
                double theta = Math.acos(Math.max(-1, Math.min(1, k1[i][j] / s)));
                double k2 = s * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta)) / (2 * Math.PI);
                double t2 = k1[i][j] * (Math.PI - theta) / (2 * Math.PI);
                double k3 = 1.44 * k2 + 0.0025;
                assertEquals(k3, values(k.nngp())[i * 3 + j], 1e-13, "nngp " + i + j);
                assertEquals(k3 + 1.44 * t2, values(k.ntk())[i * 3 + j], 1e-13, "ntk " + i + j);
            }
        }
    }

    @Test
    void crossKernelIsTheBlockOfTheJointKernel() {
        Tensor x1 = normal(2, 2, 4);
        Tensor x2 = normal(3, 3, 4);
        NetworkSpec spec = NetworkSpec.parse("dense(out=8,w_std=1.3,b_std=0.2),tanh,dense(out=8),abs,dense(out=1)");
        KernelPair cross = kernels.compute(spec, x1, x2);
        KernelPair joint = kernels.compute(spec, ts.concat(0, x1, x2), null);
        assertArrayEquals(new int[] {2, 3}, cross.ntk().shape().toArray());
        double[] jn = values(joint.ntk());
        double[] jk = values(joint.nngp());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(jk[i * 5 + 2 + j], values(cross.nngp())[i * 3 + j], 1e-13);
                assertEquals(jn[i * 5 + 2 + j], values(cross.ntk())[i * 3 + j], 1e-13);
                assertEquals(jn[i * 5 + 2 + j], jn[(2 + j) * 5 + i], 1e-13, "symmetric");
            }
        }
    }

    /** A VALID conv whose filter covers the whole image is a dense layer on the flattened image. */
    @Test
    void wholeImageConvEqualsDenseOnTheFlattenedImage() {
        Tensor x = normal(4, 3, 4, 4, 2);
        KernelPair conv = kernels.compute(NetworkSpec.parse(
                "conv(out=16,kernel=4,padding=valid,w_std=1.4,b_std=0.3),erf,flatten,dense(out=1,w_std=0.9)"), x, null);
        KernelPair dense = kernels.compute(NetworkSpec.parse(
                "flatten,dense(out=16,w_std=1.4,b_std=0.3),erf,dense(out=1,w_std=0.9)"), ts.reshape(x, 3, 32), null);
        assertArrayEquals(values(dense.nngp()), values(conv.nngp()), 1e-13);
        assertArrayEquals(values(dense.ntk()), values(conv.ntk()), 1e-13);
    }

    /** stax's diagonal spatial form and the full (n, n, h, w, h, w) form agree where the diagonal one applies. */
    @Test
    void diagonalAndFullSpatialFormsAgree() {
        Tensor x = normal(5, 2, 5, 5, 3);
        NetworkSpec spec = NetworkSpec.parse("conv(out=8,kernel=3,padding=same,w_std=1.5,b_std=0.1),relu,"
                + "conv(out=8,kernel=3,stride=2,padding=same,w_std=1.3),leaky_relu(slope=0.1),"
                + "conv(out=8,kernel=2,padding=valid),erf,flatten,dense(out=1,w_std=1.2,b_std=0.05)");
        KernelPair diag = kernels.compute(spec, x, null, Kernels.SpatialForm.DIAGONAL);
        KernelPair full = kernels.compute(spec, x, null, Kernels.SpatialForm.FULL);
        assertArrayEquals(values(full.nngp()), values(diag.nngp()), 1e-12);
        assertArrayEquals(values(full.ntk()), values(diag.ntk()), 1e-12);
        assertThrows(BadInputException.class, () -> kernels.compute(NetworkSpec.parse("conv(out=4),global_avg_pool"), x,
                null, Kernels.SpatialForm.DIAGONAL));
    }

    @Test
    void badNetworksNameTheLayerAndTheFix() {
        BadInputException convOnVectors = assertThrows(BadInputException.class,
                () -> kernels.compute(NetworkSpec.parse("dense(out=4),conv(out=4,kernel=3)"), normal(6, 2, 3), null));
        assertTrue(convOnVectors.getMessage().contains("layer 1"), convOnVectors.getMessage());
        BadInputException image = assertThrows(BadInputException.class,
                () -> kernels.compute(NetworkSpec.parse("conv(out=4,kernel=2),relu"), normal(7, 2, 3, 3, 1), null));
        assertTrue(image.getMessage().contains("flatten"), image.getMessage());
        assertThrows(BadInputException.class,
                () -> kernels.compute(NetworkSpec.parse("conv(out=4,kernel=5),flatten"), normal(8, 2, 3, 3, 1), null));
        assertThrows(BadInputException.class, () -> new Kernels(ts, 1));
    }

    /** A CNN with SAME/VALID/strided convs, avg_pool and global_avg_pool against an independent numpy recursion. */
    @Test
    void convolutionalNetworksAgreeWithNumpyRecursions() {
        String cnn = "conv(out=8,kernel=3,padding=same,w_std=1.4,b_std=0.1),relu,avg_pool(window=2,stride=2),"
                + "conv(out=8,kernel=2,padding=valid,w_std=1.2,b_std=0.2),erf,global_avg_pool,dense(out=1,w_std=1.1,b_std=0.05)";
        String strided = "conv(out=8,kernel=3,stride=2,padding=same,w_std=1.3,b_std=0.1),abs,"
                + "conv(out=8,kernel=2,padding=same,w_std=1.1),leaky_relu(slope=0.2),flatten,dense(out=1,w_std=0.8,b_std=0.3)";
        Tensor x = normal(9, 3, 6, 6, 2);
        Tensor y = normal(10, 3, 5, 5, 2);
        Map<String, Object> peer = NumpyPeer.run(
                "import json, math, numpy as np",
                "def relu_like(K, a, absval=False):",
                "  n, h, w = K.shape[0], K.shape[2], K.shape[3]",
                "  d = np.einsum('iipqpq->ipq', K)",
                "  s = np.sqrt(np.einsum('ipq,jrs->ijpqrs', d, d))",
                "  c = np.clip(K / s, -1, 1); t = np.arccos(c)",
                "  if absval:",
                "    return s * (2 * np.sin(t) + (math.pi - 2 * t) * c) / math.pi, 1 - 2 * t / math.pi",
                "  b = (1 - a) ** 2",
                "  return a * K + b * s * (np.sin(t) + (math.pi - t) * c) / (2 * math.pi), a + b * (math.pi - t) / (2 * math.pi)",
                "def erf_(K):",
                "  d = np.einsum('iipqpq->ipq', K); d1 = 1 + 2 * d",
                "  den = np.einsum('ipq,jrs->ijpqrs', d1, d1)",
                "  return 2 / math.pi * np.arcsin(2 * K / np.sqrt(den)), 4 / math.pi / np.sqrt(den - 4 * K * K)",
                "def conv(K, k, stride, same):",
                "  n, h, w = K.shape[0], K.shape[2], K.shape[3]",
                "  if same:",
                "    oh = -(-h // stride); ow = -(-w // stride)",
                "    ph = max((oh - 1) * stride + k - h, 0) // 2; pw = max((ow - 1) * stride + k - w, 0) // 2",
                "  else:",
                "    oh = (h - k) // stride + 1; ow = (w - k) // stride + 1; ph = pw = 0",
                "  out = np.zeros((n, n, oh, ow, oh, ow))",
                "  for P in np.ndindex(oh, ow):",
                "    for Q in np.ndindex(oh, ow):",
                "      acc = 0",
                "      for dy in range(k):",
                "        for dx in range(k):",
                "          py, px = P[0] * stride - ph + dy, P[1] * stride - pw + dx",
                "          qy, qx = Q[0] * stride - ph + dy, Q[1] * stride - pw + dx",
                "          if 0 <= py < h and 0 <= px < w and 0 <= qy < h and 0 <= qx < w:",
                "            acc = acc + K[:, :, py, px, qy, qx]",
                "      out[:, :, P[0], P[1], Q[0], Q[1]] = acc / (k * k)",
                "  return out",
                "def pool(K, win, stride):",
                "  n, h = K.shape[0], K.shape[2]; o = (h - win) // stride + 1",
                "  out = np.zeros((n, n, o, o, o, o))",
                "  for P in np.ndindex(o, o):",
                "    for Q in np.ndindex(o, o):",
                "      blk = K[:, :, P[0]*stride:P[0]*stride+win, P[1]*stride:P[1]*stride+win, Q[0]*stride:Q[0]*stride+win, Q[1]*stride:Q[1]*stride+win]",
                "      out[:, :, P[0], P[1], Q[0], Q[1]] = blk.mean(axis=(2, 3, 4, 5))",
                "  return out",
                "def aff(K, T, ws, bs): K2 = ws**2 * K + bs**2; return K2, K2 + ws**2 * T",
                "def inp(x): return np.einsum('ipqc,jrsc->ijpqrs', x, x) / x.shape[-1]",
                "x = np.array(" + pyArray(x) + ").reshape(3, 6, 6, 2)",
                "K = inp(x); T = np.zeros_like(K)",
                "K, T = aff(conv(K, 3, 1, True), conv(T, 3, 1, True), 1.4, 0.1)",
                "K, d = relu_like(K, 0.0); T = T * d",
                "K, T = pool(K, 2, 2), pool(T, 2, 2)",
                "K, T = aff(conv(K, 2, 1, False), conv(T, 2, 1, False), 1.2, 0.2)",
                "K, d = erf_(K); T = T * d",
                "K, T = K.mean(axis=(2, 3, 4, 5)), T.mean(axis=(2, 3, 4, 5))",
                "K1, T1 = aff(K, T, 1.1, 0.05)",
                "y = np.array(" + pyArray(y) + ").reshape(3, 5, 5, 2)",
                "K = inp(y); T = np.zeros_like(K)",
                "K, T = aff(conv(K, 3, 2, True), conv(T, 3, 2, True), 1.3, 0.1)",
                "K, d = relu_like(K, 0.0, True); T = T * d",
                "K, T = aff(conv(K, 2, 1, True), conv(T, 2, 1, True), 1.1, 0.0)",
                "K, d = relu_like(K, 0.2); T = T * d",
                "K, T = np.einsum('ijpqpq->ij', K) / 9, np.einsum('ijpqpq->ij', T) / 9",
                "K2, T2 = aff(K, T, 0.8, 0.3)",
                "print(json.dumps({'nngp1': K1.ravel().tolist(), 'ntk1': T1.ravel().tolist(),",
                "  'nngp2': K2.ravel().tolist(), 'ntk2': T2.ravel().tolist()}))");
        KernelPair a = kernels.compute(NetworkSpec.parse(cnn), x, null);
        KernelPair b = kernels.compute(NetworkSpec.parse(strided), y, null);
        assertArrayEquals(NumpyPeer.numbers(peer.get("nngp1")), values(a.nngp()), 1e-12, "pooled CNN nngp");
        assertArrayEquals(NumpyPeer.numbers(peer.get("ntk1")), values(a.ntk()), 1e-12, "pooled CNN ntk");
        assertArrayEquals(NumpyPeer.numbers(peer.get("nngp2")), values(b.nngp()), 1e-12, "strided CNN nngp");
        assertArrayEquals(NumpyPeer.numbers(peer.get("ntk2")), values(b.ntk()), 1e-12, "strided CNN ntk");
    }

    private String pyArray(Tensor t) {
        StringBuilder b = new StringBuilder("[");
        for (double v : values(t)) b.append(Double.toString(v)).append(',');
        return b.append(']').toString();
    }
}
