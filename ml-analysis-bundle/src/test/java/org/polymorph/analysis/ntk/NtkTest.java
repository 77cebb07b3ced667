package org.polymorph.analysis.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.autodiff.nn.Activations;
import org.polymorph.autodiff.nn.AvgPool2D;
import org.polymorph.autodiff.nn.Context;
import org.polymorph.autodiff.nn.Conv2D;
import org.polymorph.autodiff.nn.Dense;
import org.polymorph.autodiff.nn.Flatten;
import org.polymorph.autodiff.nn.Layer;
import org.polymorph.autodiff.nn.MultiHeadAttention;
import org.polymorph.autodiff.nn.Sequential;
import org.polymorph.autodiff.nn.StatelessLayer;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/** The generic NTK algorithms agree with each other and with J·Jᵀ of AD's Jacobian (float64). */
class NtkTest {
    final TensorService ts = new ReferenceTensorService();
    final AD ad = new AutodiffEngines().create(ts);
    final Ops o = ad.ops();

    /** A network from nn layers as f(params, x), with its parameters. */
    record Net(BiFunction<Object, Var, Var> f, Object params) { }

    Net net(int[] inputShape, Layer... layers) {
        Sequential seq = Sequential.serial(layers);
        int[] s = inputShape.clone();
        Layer.Init init = seq.init(o, RandomKey.of(7), Shape.of(s), DType.FLOAT64);
        Object state = init.state();
        return new Net((p, x) -> seq.apply(p, state, x, Context.eval()).y(), init.params());
    }

    Tensor normal(long seed, int... shape) { return ts.normal(RandomKey.of(seed), DType.FLOAT64, shape); }

    static StatelessLayer act(java.util.function.UnaryOperator<Var> g) {
        return new StatelessLayer() {
            @Override public Object initParams(Ops ops, RandomKey key, Shape in, DType dt) { return Layer.noState(); }
            @Override public Shape outputShape(Shape in) { return in; }
            @Override public Var apply(Object params, Var x, Context ctx) { return g.apply(x); }
        };
    }

    Net mlp() { return net(new int[] {1, 5}, new Dense(7), act(Activations::tanh), new Dense(6), act(Activations::erf), new Dense(3)); }

    Net cnn() {
        return net(new int[] {1, 6, 6, 2}, new Conv2D(3, 3, 3), act(Activations::relu), new AvgPool2D(2, 2), new Flatten(),
                new Dense(4), act(Activations::gelu), new Dense(2));
    }

    Net attention() { return net(new int[] {1, 4, 3}, new MultiHeadAttention(2, 2), act(Activations::sigmoid)); }

    void assertAgree(Tensor want, Tensor got, String what) { KernelAsserts.assertAgree(ts, want, got, what); }

    /** Every implementation (and JC over the whole tile, and tiled) agrees with row-wise JC. */
    void assertAllAgree(Net net, Tensor x1, Tensor x2, NtkOptions base) {
        Tensor ref = Ntk.of(ad, net.f(), base.withImplementation(NtkImplementation.JC)).compute(net.params(), x1, x2);
        for (NtkImplementation i : NtkImplementation.values()) {
            assertAgree(ref, Ntk.of(ad, net.f(), base.withImplementation(i)).compute(net.params(), x1, x2), i + " " + base);
        }
        assertAgree(ref, Ntk.of(ad, net.f(), base.withImplementation(NtkImplementation.JC).withRowwise(false))
                .compute(net.params(), x1, x2), "JC whole tile " + base);
        assertAgree(ref, Ntk.of(ad, net.f(), base.withImplementation(NtkImplementation.VP).withBatchSize(2))
                .compute(net.params(), x1, x2), "VP tiled " + base);
        assertAgree(ref, Ntk.of(ad, net.f(), base.withImplementation(NtkImplementation.JC).withBatchSize(2))
                .compute(net.params(), x1, x2), "JC tiled " + base);
    }

    @Test
    void denseNonlinearNetAgreesAcrossImplementationsTraceAndDiagonal() {
        Net net = mlp();
        Tensor x1 = normal(1, 5, 5);
        Tensor x2 = normal(2, 3, 5);
        NtkOptions d = NtkOptions.defaults();
        assertAllAgree(net, x1, x2, d);
        assertAllAgree(net, x1, x2, d.withTraceAxes());
        assertAllAgree(net, x1, x2, d.withTraceAxes().withDiagonalAxes(-1));
        assertArrayEquals(new int[] {5, 3}, Ntk.of(ad, net.f(), d).shape(net.params(), x1, x2));
        assertArrayEquals(new int[] {5, 3, 3, 3}, Ntk.of(ad, net.f(), d.withTraceAxes()).shape(net.params(), x1, x2));
        assertArrayEquals(new int[] {5, 3, 3}, Ntk.of(ad, net.f(), d.withTraceAxes().withDiagonalAxes(1)).shape(net.params(), x1, x2));
    }

    @Test
    void convAndPoolingNetAgrees() {
        Net net = cnn();
        Tensor x1 = normal(3, 3, 6, 6, 2);
        Tensor x2 = normal(4, 2, 6, 6, 2);
        assertAllAgree(net, x1, x2, NtkOptions.defaults());
        assertAllAgree(net, x1, x2, NtkOptions.defaults().withTraceAxes());
    }

    @Test
    void attentionBlockAgreesOverEveryAxisChoice() {
        Net net = attention();
        Tensor x1 = normal(5, 3, 4, 3);
        Tensor x2 = normal(6, 2, 4, 3);
        NtkOptions d = NtkOptions.defaults();
        assertAllAgree(net, x1, x2, d);                                    // (n1, n2, 4, 4)
        assertAllAgree(net, x1, x2, d.withTraceAxes(1, 2));                // (n1, n2)
        assertAllAgree(net, x1, x2, d.withTraceAxes(-1).withDiagonalAxes(1));  // (n1, n2, 4)
        assertAllAgree(net, x1, x2, d.withTraceAxes().withDiagonalAxes(2));    // (n1, n2, 4, 4, d)
        int dOut = net.f().apply(net.params(), o.constant(x1)).dim(2);
        assertArrayEquals(new int[] {3, 2, 4, 4, dOut}, Ntk.of(ad, net.f(), d.withTraceAxes().withDiagonalAxes(2)).shape(net.params(), x1, x2));
    }

    /** Θ = J·Jᵀ with J (n·out, P) from AD.jacobianRev of the flattened function, for a one-leaf net tanh(x·W)·v. */
    @Test
    void jacobianContractionEqualsJacobianTimesTranspose() {
        Tensor w = normal(8, 3, 4);
        Var v = o.constant(normal(9, 4, 2));
        Tensor x = normal(10, 4, 3);
        BiFunction<Object, Var, Var> f = (p, xv) -> o.tanh(xv.matmul((Var) p)).matmul(v);
        Var jac = ad.jacobianRev(wv -> f.apply(wv, o.constant(x)), o.constant(w));          // (4, 2, 3, 4)
        Var jm = jac.reshape(8, 12);
        Tensor jjt = ts.reshape(ts.matmul(jm.value(), ts.transpose(jm.value(), 1, 0)), 4, 2, 4, 2);
        Tensor full = Ntk.of(ad, f, NtkOptions.defaults().withImplementation(NtkImplementation.JC).withTraceAxes())
                .compute(o.constant(w), x, null);                                              // (4, 4, 2, 2)
        assertAgree(ts.transpose(jjt, 0, 2, 1, 3), full, "JC vs J·Jᵀ");
        Tensor traced = Ntk.of(ad, f, NtkOptions.defaults().withImplementation(NtkImplementation.JC)).compute(o.constant(w), x, null);
        double[] j4 = ts.toDoubleArray(jjt);                                                   // (a, i, b, j)
        double[] tr = new double[16];
        for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) for (int i = 0; i < 2; i++) tr[a * 4 + b] += j4[((a * 2 + i) * 4 + b) * 2 + i];
        Tensor want = ts.fromArray(tr, 4, 4);
        assertAgree(want, traced, "traced JC vs trace of J·Jᵀ");
    }

    @Test
    void kernelOfX1WithItselfIsSymmetricPositiveSemidefinite() {
        Net net = cnn();
        Tensor x = normal(11, 5, 6, 6, 2);
        for (NtkImplementation i : List.of(NtkImplementation.JC, NtkImplementation.VP)) {
            Tensor k = Ntk.of(ad, net.f(), NtkOptions.defaults().withImplementation(i)).compute(net.params(), x, null);
            KernelAsserts.assertSymmetricPsd(ts, k, i.toString());
        }
    }

    @Test
    void autoPicksTheCheaperEstimate() {
        Net net = mlp();
        Tensor x = normal(12, 4, 5);
        Ntk ntk = Ntk.of(ad, net.f(), NtkOptions.defaults());
        Map<NtkImplementation, Double> c = ntk.estimatedFlops(net.params(), x, null);
        NtkImplementation chosen = ntk.resolve(net.params(), x, null);
        for (NtkImplementation i : List.of(NtkImplementation.JC, NtkImplementation.VP)) assertTrue(c.get(chosen) <= c.get(i));
        assertEquals(NtkImplementation.JC, Ntk.of(ad, net.f(), NtkOptions.defaults().withImplementation(NtkImplementation.SD))
                .resolve(net.params(), x, null), "SD of a generic f is JC");
    }

    @Test
    void badAxesNameTheParameter() {
        Net net = mlp();
        Tensor x = normal(13, 2, 5);
        BadInputException e = assertThrows(BadInputException.class,
                () -> Ntk.of(ad, net.f(), NtkOptions.defaults().withTraceAxes(0)).compute(net.params(), x, null));
        assertTrue(e.getMessage().contains("trace_axes"), e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> Ntk.of(ad, net.f(), NtkOptions.defaults().withDiagonalAxes(-1)).compute(net.params(), x, null));
        assertTrue(e.getMessage().contains("diagonal_axes"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Ntk.of(ad, net.f(), NtkOptions.defaults()).compute(net.params(), x, normal(1, 2, 4)));
        assertTrue(e.getMessage().contains("x2"), e.getMessage());
    }
}
