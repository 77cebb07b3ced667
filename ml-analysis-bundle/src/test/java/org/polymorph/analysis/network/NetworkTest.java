package org.polymorph.analysis.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;

class NetworkTest {
    private final AdTesting t = new AdTesting();

    @Test
    void shapesAndParameterCount() {
        Network net = new Network(NetworkSpec.parse("conv(out=4,kernel=3,padding=same),relu,avg_pool(2,2),flatten,dense(out=10)"), new int[] {6, 6, 2});
        assertArrayEquals(new int[] {10}, net.outputShape());
        assertArrayEquals(new int[] {3, 3, 2, 4}, net.paramShapes(0)[0]);
        assertArrayEquals(new int[] {36, 10}, net.paramShapes(4)[0]);
        assertEquals(3 * 3 * 2 * 4 + 4 + 36 * 10 + 10, net.parameterCount());
        List<Map<String, Tensor>> p = net.init(t.ts, RandomKey.of(1));
        assertEquals(5, p.size());
        assertTrue(p.get(1).isEmpty());
        assertArrayEquals(new int[] {4}, p.get(0).get("b").shape().toArray());
        Var y = net.apply(t.ad, Network.constants(t.o, p), t.normal(2, 3, 6, 6, 2));
        assertArrayEquals(new int[] {3, 10}, y.shape().toArray());
    }

    @Test
    void initIsStandardNormalAndOutputsHaveUnitVariance() {
        Network net = new Network(NetworkSpec.parse("dense(out=400),erf,dense(out=300)"), new int[] {50});
        List<Map<String, Tensor>> p = net.init(t.ts, RandomKey.of(7));
        double[] w = t.ts.toDoubleArray(p.get(0).get("w"));
        assertEquals(0, mean(w), 4 / Math.sqrt(w.length));
        assertEquals(1, variance(w), 0.02);
        double[] b = t.ts.toDoubleArray(p.get(2).get("b"));
        assertEquals(0, mean(b), 4 / Math.sqrt(b.length));
        // NTK parameterisation: unit-variance inputs give pre-activations of variance w_std² = 1 at any width
        Var x = t.normal(3, 40, 50);
        double[] h = t.values(new Network(NetworkSpec.parse("dense(out=400)"), new int[] {50})
                .apply(t.ad, Network.constants(t.o, p.subList(0, 1)), x));
        assertEquals(0, mean(h), 0.05);
        assertEquals(1, variance(h), 0.1);
        // a different key gives different parameters, the same key the same ones
        assertTrue(t.ts.toDoubleArray(net.init(t.ts, RandomKey.of(8)).get(0).get("w"))[0] != w[0]);
        assertArrayEquals(w, t.ts.toDoubleArray(net.init(t.ts, RandomKey.of(7)).get(0).get("w")));
    }

    @Test
    void denseAndNonlinearitiesMatchAHandComputation() {
        String[] acts = {"relu", "erf", "tanh", "gelu", "sigmoid", "leaky_relu(0.3)", "abs", "identity"};
        for (String act : acts) {
            Network net = new Network(NetworkSpec.parse("dense(out=3,w_std=1.7,b_std=0.4)," + act + ",dense(out=2,w_std=0.9,b_std=0.2)"), new int[] {4});
            List<Map<String, Tensor>> p = net.init(t.ts, RandomKey.of(11));
            double[] x = t.ts.toDoubleArray(t.normal(5, 2, 4).value());
            double[] y = t.values(net.apply(t.ad, Network.constants(t.o, p), t.arr(x, 2, 4)));
            double[] w0 = t.ts.toDoubleArray(p.get(0).get("w"));
            double[] b0 = t.ts.toDoubleArray(p.get(0).get("b"));
            double[] w2 = t.ts.toDoubleArray(p.get(2).get("w"));
            double[] b2 = t.ts.toDoubleArray(p.get(2).get("b"));
            for (int n = 0; n < 2; n++) {
                double[] h = new double[3];
                for (int j = 0; j < 3; j++) {
                    double s = 0;
                    for (int i = 0; i < 4; i++) s += x[n * 4 + i] * w0[i * 3 + j];
                    h[j] = phi(act, 1.7 / Math.sqrt(4) * s + 0.4 * b0[j]);
                }
                for (int k = 0; k < 2; k++) {
                    double s = 0;
                    for (int j = 0; j < 3; j++) s += h[j] * w2[j * 2 + k];
                    assertEquals(0.9 / Math.sqrt(3) * s + 0.2 * b2[k], y[n * 2 + k], 1e-13, act);
                }
            }
        }
    }

    @Test
    void wrongInputsAndParamsAreRefused() {
        Network net = new Network(NetworkSpec.parse("dense(out=3)"), new int[] {4});
        List<Map<String, Var>> p = Network.constants(t.o, net.init(t.ts, RandomKey.of(1)));
        BadInputException e = assertThrows(BadInputException.class, () -> net.apply(t.ad, p, t.normal(1, 2, 5)));
        assertTrue(e.getMessage().contains("(n, 4)"), e.getMessage());
        List<Map<String, Var>> bad = new ArrayList<>(p);
        bad.set(0, Map.of("w", t.normal(1, 3, 3), "b", t.normal(2, 3)));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> net.apply(t.ad, bad, t.normal(1, 2, 4)));
        assertTrue(e2.getMessage().contains("[4, 3]"), e2.getMessage());
    }

    static double phi(String act, double z) {
        return switch (act) {
            case "relu" -> Math.max(z, 0);
            case "erf" -> erf(z);
            case "tanh" -> Math.tanh(z);
            case "gelu" -> 0.5 * z * (1 + erf(z / Math.sqrt(2)));
            case "sigmoid" -> 1 / (1 + Math.exp(-z));
            case "leaky_relu(0.3)" -> z >= 0 ? z : 0.3 * z;
            case "abs" -> Math.abs(z);
            default -> z;
        };
    }

    /** erf by its Maclaurin series (|z| ≲ 4 here; the terms alternate and shrink, error below 1e-15). */
    static double erf(double z) {
        if (Math.abs(z) > 5) return Math.signum(z);
        double sum = 0;
        double term = z;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s / a.length;
    }

    static double variance(double[] a) {
        double m = mean(a);
        double s = 0;
        for (double v : a) s += (v - m) * (v - m);
        return s / a.length;
    }
}
