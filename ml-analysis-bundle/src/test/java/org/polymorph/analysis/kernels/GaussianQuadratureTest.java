package org.polymorph.analysis.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.analysis.special.GaussLegendre;

class GaussianQuadratureTest {
    /** Covariances (k11, k12, k22): generic, anticorrelated, nearly and exactly collinear, independent. */
    private static final double[][] COVARIANCES = {
        {1.0, 0.3, 2.0}, {2.5, -1.2, 0.9}, {1.0, 0.999, 1.0}, {0.5, 0.0, 0.7}, {1.3, 1.3, 1.3}, {0.8, -0.8, 0.8}};

    @Test
    void legendreAndLaguerreRulesIntegratePolynomialsExactly() {
        double[][] leg = GaussLegendre.rule(12);
        double[][] lag = GaussianQuadrature.laguerre(12);
        for (int k = 0; k < 24; k++) {
            double sLeg = 0;
            double sLag = 0;
            for (int i = 0; i < 12; i++) {
                sLeg += leg[1][i] * Math.pow(leg[0][i], k);
                sLag += lag[1][i] * Math.pow(lag[0][i], k);
            }
            double factorial = 1;
            for (int j = 2; j <= k; j++) factorial *= j;
            assertEquals(k % 2 == 0 ? 2.0 / (k + 1) : 0.0, sLeg, 1e-14, "∫x^" + k + " on [-1,1]");
            assertEquals(1.0, sLag / factorial, 1e-11, "∫t^" + k + " e^-t / k!");
        }
    }

    @Test
    void quadratureReproducesClosedFormsToOneInTenBillion() {
        GaussianQuadrature q = new GaussianQuadrature(64);
        List<Activation> closed = List.of(Activations.leakyRelu(0), Activations.leakyRelu(0.2), Activations.abs(),
                Activations.erf());
        double[] exact = new double[2];
        double[] quad = new double[2];
        for (Activation f : closed) {
            for (double[] c : COVARIANCES) {
                f.expectations(c[0], c[1], c[2], q, exact);
                q.expectations(f, c[0], c[1], c[2], quad);
                String at = f + " at " + c[0] + "," + c[1] + "," + c[2];
                assertEquals(exact[0], quad[0], 1e-10, "E[φφ] " + at);
                assertEquals(exact[1], quad[1], 1e-10, "E[φ'φ'] " + at);
            }
        }
    }

    /** tanh, sigmoid, gelu against a Cartesian 320×320 Gauss–Hermite rule in numpy (an independent rule). */
    @Test
    void smoothActivationsAgreeWithNumpyGaussHermite() {
        Map<String, Object> peer = NumpyPeer.run(
                "import json, math, numpy as np",
                "from math import erf",
                "x, w = np.polynomial.hermite.hermgauss(320); z = x * math.sqrt(2); w = w / math.sqrt(math.pi)",
                "Z1, Z2 = np.meshgrid(z, z, indexing='ij'); W = np.outer(w, w)",
                "verf = np.vectorize(erf)",
                "acts = {'tanh': (np.tanh, lambda u: 1 - np.tanh(u) ** 2),",
                "  'sigmoid': (lambda u: 1 / (1 + np.exp(-u)), lambda u: np.exp(-u) / (1 + np.exp(-u)) ** 2),",
                "  'gelu': (lambda u: u * 0.5 * (1 + verf(u / math.sqrt(2))),",
                "           lambda u: 0.5 * (1 + verf(u / math.sqrt(2))) + u * np.exp(-u * u / 2) / math.sqrt(2 * math.pi))}",
                "covs = " + pythonList(),
                "out = {}",
                "for name, (f, df) in acts.items():",
                "  rows = []",
                "  for k11, k12, k22 in covs:",
                "    a = math.sqrt(k11); b = k12 / a; s = math.sqrt(max(k22 - b * b, 0))",
                "    U = a * Z1; V = b * Z1 + s * Z2",
                "    rows.append([float((W * f(U) * f(V)).sum()), float((W * df(U) * df(V)).sum())])",
                "  out[name] = rows",
                "print(json.dumps(out))");
        GaussianQuadrature q = new GaussianQuadrature(96);
        Map<String, Activation> acts = Map.of("tanh", Activations.tanh(), "sigmoid", Activations.sigmoid(),
                "gelu", Activations.gelu());
        double[] got = new double[2];
        for (Map.Entry<String, Activation> e : acts.entrySet()) {
            @SuppressWarnings("unchecked")
            List<List<Number>> rows = (List<List<Number>>) peer.get(e.getKey());
            for (int i = 0; i < COVARIANCES.length; i++) {
                double[] c = COVARIANCES[i];
                e.getValue().expectations(c[0], c[1], c[2], q, got);
                assertEquals(rows.get(i).get(0).doubleValue(), got[0], 1e-9, e.getKey() + " E[φφ] #" + i);
                assertEquals(rows.get(i).get(1).doubleValue(), got[1], 1e-9, e.getKey() + " E[φ'φ'] #" + i);
            }
        }
    }

    private static String pythonList() {
        StringBuilder b = new StringBuilder("[");
        for (double[] c : COVARIANCES) b.append('(').append(c[0]).append(',').append(c[1]).append(',').append(c[2]).append("),");
        return b.append(']').toString();
    }
}
