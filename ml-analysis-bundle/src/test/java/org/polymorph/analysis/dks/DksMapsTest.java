package org.polymorph.analysis.dks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;

/** Q/C maps and their derivatives against finite differences and closed forms; the DKS/TAT conditions met. */
class DksMapsTest {
    private static final Subnetwork RESNET = Subnetwork.resnet(List.of(3, 4, 23, 3), 0.6);

    @Test
    void mapDerivativesMatchFiniteDifferences() {
        for (Activation a : Activation.values()) {
            ActivationTransform phi = new ActivationTransform(a, 0.8, 0.3, -0.2, 1.3, 0.2);
            double h = 1e-5;
            for (double q : new double[] {0.5, 1.0, 2.0}) {
                double fd = (Dks.qMap(phi, q + h) - Dks.qMap(phi, q - h)) / (2 * h);
                assertEquals(fd, Dks.qMapSlope(phi, q), 1e-7 * Math.max(1, Math.abs(fd)), a.id() + " Q'(" + q + ")");
            }
            for (double c : new double[] {a.ordinal() % 2 == 0 ? -0.5 : 0.7}) {
                double fd = (Dks.cMap(phi, c + h) - Dks.cMap(phi, c - h)) / (2 * h);
                assertEquals(fd, Dks.cMapSlope(phi, c), 1e-7, a.id() + " C'(" + c + ")");
                // C″ (2D quadratures are the slow part): one smooth, one with a jump in φ″; φ′ jumps give C″ a delta
                if (a != Activation.GELU_EXACT && a != Activation.ELU) continue;
                double fd2 = (Dks.cMapSlope(phi, c + h) - Dks.cMapSlope(phi, c - h)) / (2 * h);
                assertEquals(fd2, Dks.cMapCurvature(phi, c), 1e-6 * Math.max(1, Math.abs(fd2)), a.id() + " C''(" + c + ")");
            }
        }
    }

    @Test
    void activationDerivativesMatchFiniteDifferences() {
        double h = 1e-6;
        for (Activation a : Activation.values()) {
            for (double x : new double[] {-2.3, -0.4, 0.7, 3.1}) {
                assertEquals((a.value(x + h, 0.2) - a.value(x - h, 0.2)) / (2 * h), a.d1(x, 0.2), 1e-8, a.id() + "'");
                assertEquals((a.d1(x + h, 0.2) - a.d1(x - h, 0.2)) / (2 * h), a.d2(x, 0.2), 1e-8, a.id() + "''");
            }
        }
    }

    @Test
    void leakyReluCMapMatchesClosedForm() {
        ActivationTransform lr = new ActivationTransform(Activation.LEAKY_RELU, 1, 0, 0, 1, 0.3);
        for (double c : new double[] {-0.9, -0.2, 0.0, 0.4, 0.95, 1.0}) {
            assertEquals(Dks.leakyReluCMap(c, 0.3), Dks.cMap(lr, c), 1e-13, "C(" + c + ")");
        }
    }

    @Test
    void quadratureIsExactOnGaussianMoments() {
        ActivationTransform id = new ActivationTransform(Activation.LEAKY_RELU, 1, 0, 0, 1, 1.0);  // the identity
        assertEquals(1.0, Dks.qMap(id, 1.0), 1e-14);
        assertEquals(3.0, Quadrature.mean(z -> z * z * z * z), 1e-14);
        // E[tanh(u)tanh(v)] at c from the 2D rule and, at c = 0, the product of means of shifted tanh
        ActivationTransform t = new ActivationTransform(Activation.TANH, 1.1, 0.4, 0, 1, 0);
        assertEquals(Dks.mean(t) * Dks.mean(t), Quadrature.correlatedMean(t::value, t::value, 1e-300, new double[0], new double[0]), 1e-14);
    }

    @Test
    void dksSolutionMeetsItsConditions() {
        for (Activation a : List.of(Activation.TANH, Activation.SOFTPLUS, Activation.SIGMOID, Activation.ELU,
                Activation.SELU, Activation.SWISH, Activation.GELU, Activation.GELU_EXACT, Activation.LEAKY_RELU)) {
            TransformSolver.Solution s = TransformSolver.dks(a, RESNET, 1.5, 1.0);
            ActivationTransform t = s.transform();
            assertEquals(1.0, Dks.qMap(t, 1.0), 1e-12, a.id() + " Q(1)");
            assertEquals(1.0, Dks.qMapSlope(t, 1.0), 1e-10, a.id() + " Q'(1)");
            assertEquals(0.0, Dks.cMap(t, 0.0), 1e-12, a.id() + " C(0)");
            assertEquals(s.localTarget(), Dks.cMapSlope(t, 1.0), 1e-10, a.id() + " C'(1)");
            // the network-level maximal slope is the target ζ, to the bisection tolerance
            assertEquals(1.5, RESNET.apply(1.0, y -> Dks.cMapSlope(t, 1.0) * y), 1e-7, a.id() + " max C'_f(1)");
        }
    }

    @Test
    void tatSolutionMeetsItsConditions() {
        for (Activation a : List.of(Activation.TANH, Activation.SOFTPLUS, Activation.SWISH, Activation.GELU)) {
            TransformSolver.Solution s = TransformSolver.tat(a, Subnetwork.chain(50), 0.9, 0.3);
            ActivationTransform t = s.transform();
            assertEquals(1.0, Dks.qMap(t, 1.0), 1e-12, a.id() + " Q(1)");
            assertEquals(1.0, Dks.qMapSlope(t, 1.0), 1e-10, a.id() + " Q'(1)");
            assertEquals(1.0, Dks.cMapSlope(t, 1.0), 1e-10, a.id() + " C'(1)");
            assertEquals(0.3 / 50, Dks.cMapCurvature(t, 1.0), 1e-9, a.id() + " C''(1) = τ/L for a chain");
            assertEquals(true, t.inputScale() * t.outputScale() < 2, a.id() + " not a rejected root");
        }
        TransformSolver.Solution lr = TransformSolver.tat(Activation.LEAKY_RELU, Subnetwork.chain(50), 0.9, 0.3);
        double alpha = lr.transform().negativeSlope();
        assertEquals(0.9, Subnetwork.chain(50).apply(0.0, c -> Dks.leakyReluCMap(c, alpha)), 1e-7, "C_f(0) = η");
        assertEquals(1.0, Dks.qMap(lr.transform(), 1.0), 1e-12);
    }

    @Test
    void subnetworkSyntax() {
        assertEquals(8.0, Subnetwork.parse("subnet", "chain:3").apply(1.0, y -> 2 * y));
        assertEquals(Subnetwork.resnet(List.of(3, 4, 23, 3), 0.6).apply(1.0, y -> 1.01 * y),
                Subnetwork.parse("subnet", "resnet:3,4,23,3:0.6").apply(1.0, y -> 1.01 * y));
        for (String bad : new String[] {"chain:0", "resnet:3,4:1.5", "tree:3", "chain:x"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> Subnetwork.parse("subnet", bad));
            assertEquals("subnet", e.parameter().orElseThrow());
        }
    }

    /** The random starting points are numpy's legacy np.random.seed(123) stream (peer: Debian's python3 + numpy). */
    @Test
    void mersenneTwisterMatchesNumpy() throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Process p = new ProcessBuilder(python.toString(), "-c",
                "import numpy as np; np.random.seed(123); print(' '.join(repr(np.random.uniform(-3.0, 3.0)) for _ in range(5)))")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "numpy not importable: " + out);
        Mt19937 rng = new Mt19937(123);
        for (String v : out.split(" ")) assertEquals(Double.parseDouble(v), rng.uniform(-3.0, 3.0), 0.0);
    }
}
