package org.polymorph.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Var;

class ActivationsTest {
    private final AdTesting t = new AdTesting();
    private final double[] xs = {-3.5, -1.2, -0.3, 0.0, 0.4, 1.7, 2.9};

    /** erf by its Maclaurin series, accurate to ~1e-13 for |x| ≤ 3.5. */
    static double erf(double x) {
        double sum = 0;
        double term = x;
        for (int n = 0; n < 120; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private void assertValues(UnaryOperator<Var> f, DoubleUnaryOperator ref, double tol) {
        double[] want = new double[xs.length];
        for (int i = 0; i < xs.length; i++) want[i] = ref.applyAsDouble(xs[i]);
        t.assertClose(want, f.apply(t.vec(xs)), tol);
    }

    @Test
    void valuesMatchJavaMath() {
        assertValues(Activations::relu, x -> Math.max(x, 0), 0);
        assertValues(Activations::tanh, Math::tanh, 1e-15);
        assertValues(Activations::sigmoid, x -> 1 / (1 + Math.exp(-x)), 1e-15);
        assertValues(Activations::erf, ActivationsTest::erf, 1e-12);
        assertValues(Activations::gelu, x -> 0.5 * x * (1 + erf(x / Math.sqrt(2))), 1e-12);
        assertValues(Activations::softplus, x -> Math.log1p(Math.exp(x)), 1e-15);
        assertValues(Activations::swish, x -> x / (1 + Math.exp(-x)), 1e-15);
    }

    @Test
    void softplusIsStableAtLargeMagnitudes() {
        Var x = t.vec(-800, 800, 40);
        t.assertClose(new double[] {Math.exp(-800), 800, 40 + Math.log1p(Math.exp(-40))}, Activations.softplus(x), 1e-12);
        Var g = t.ad.grad(v -> Activations.softplus(v).sum(), x);
        double[] gv = t.values(g);
        assertEquals(0, gv[0], 1e-300);
        assertEquals(1, gv[1], 0);
        assertTrue(Double.isFinite(gv[2]));
    }

    @Test
    void softmaxRowsSumToOneAndLogSoftmaxIsStable() {
        Var x = t.arr(new double[] {1000, 1001, 1002, -5, 0, 5}, 2, 3);
        double[] p = t.values(Activations.softmax(x, -1));
        double z = 1 + Math.exp(1) + Math.exp(2);
        assertEquals(Math.exp(2) / z, p[2], 1e-13);   // logsumexp ≈ 1002.4 carries 1e-13 absolute rounding
        assertEquals(1.0, p[3] + p[4] + p[5], 1e-15);
        assertEquals(-Math.log(z), t.values(Activations.logSoftmax(x, -1))[0], 1e-13);
    }

    @Test
    void gradientsToSecondOrder() {
        Var x = t.normal(3, 2, 5);
        for (UnaryOperator<Var> f : java.util.List.<UnaryOperator<Var>>of(Activations::gelu, Activations::tanh,
                Activations::sigmoid, Activations::softplus, Activations::erf, Activations::swish, Activations::relu,
                v -> Activations.softmax(v, -1))) {
            t.check.check(v -> f.apply(v[0]), new Var[] {x}, 2);
        }
    }

    @Test
    void gradientsAtZeroIncludingTheReluKink() {
        Var x = t.vec(0.0, 0.0, 1.0, -1.0);
        GradCheck fine = new GradCheck(t.ad, 1e-9, 1e-6, 1e-6, 0);
        // relu' jumps at 0, so second order is checked on x·relu(x), whose derivative is continuous
        fine.check(v -> Activations.relu(v[0]), new Var[] {x}, 1);
        fine.check(v -> Activations.relu(v[0]).mul(v[0]), new Var[] {x}, 2);
        t.assertClose(new double[] {0.5, 0.5, 1, 0}, t.ad.grad(v -> Activations.relu(v).sum(), x), 0);
        // softplus has exact derivatives of every order at 0: sigmoid(0) = 1/2, sigmoid'(0) = 1/4
        t.check.check(v -> Activations.softplus(v[0]), new Var[] {x}, 2);
        t.assertClose(new double[] {0.5}, t.ad.grad(v -> Activations.softplus(v).sum(), t.vec(0.0)), 1e-15);
        Var h = t.ad.hessian(v -> Activations.softplus(v).sum(), t.vec(0.0));
        t.assertClose(new double[] {0.25}, h, 1e-15);
        for (UnaryOperator<Var> f : java.util.List.<UnaryOperator<Var>>of(Activations::gelu, Activations::swish, Activations::erf)) {
            t.check.check(v -> f.apply(v[0]), new Var[] {x}, 2);
        }
    }

    @Test
    void activationLayerWrapsTheFunction() {
        Var x = t.normal(4, 3, 2);
        Activation layer = Activation.gelu();
        Layer.Init init = layer.init(t.o, org.polymorph.core.tensor.RandomKey.of(0), x.shape(), org.polymorph.core.tensor.DType.FLOAT64);
        assertEquals(x.shape(), init.outputShape());
        t.assertClose(Activations.gelu(x), layer.apply(init.params(), init.state(), x, Context.eval()).y(), 0);
    }
}
