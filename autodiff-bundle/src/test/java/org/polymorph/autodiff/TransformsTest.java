package org.polymorph.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

class TransformsTest {
    private final AdTesting t = new AdTesting();
    private final AD ad = t.ad;
    private final Ops o = t.o;

    @Test
    void gradOfSinTimesX() {
        Var x = t.vec(0.3, -1.2, 2.5);
        Var g = ad.grad(v -> v.sin().mul(v).sum(), x);
        double[] xs = t.values(x);
        double[] want = new double[3];
        for (int i = 0; i < 3; i++) want[i] = Math.cos(xs[i]) * xs[i] + Math.sin(xs[i]);
        t.assertClose(want, g, 1e-14);
    }

    @Test
    void higherOrderDerivativesOfSinByNestedGrad() {
        Var x = t.vec(0.7);
        java.util.function.Function<Var, Var> f = v -> v.sin().sum();
        java.util.function.Function<Var, Var> d1 = v -> ad.grad(f, v).sum();
        java.util.function.Function<Var, Var> d2 = v -> ad.grad(d1, v).sum();
        Var d3 = ad.grad(d2, x);
        t.assertClose(new double[] {-Math.cos(0.7)}, d3, 1e-14);
        // the fourth derivative by forward over reverse over reverse over reverse
        Var d4 = ad.jvp((Var v) -> ad.grad(d2, v), x, t.vec(1)).tangent();
        t.assertClose(new double[] {Math.sin(0.7)}, d4, 1e-14);
    }

    @Test
    void closedOverOuterVariableIsNotConfusedWithInner() {
        // d/dx [ d/dy (x*y) at y=c ] = d/dx x = 1 (perturbation confusion check from Siskind & Pearlmutter)
        Var x = t.vec(3.0);
        Var g = ad.grad(xv -> ad.grad(yv -> xv.mul(yv).sum(), t.vec(5.0)).sum(), x);
        t.assertClose(new double[] {1.0}, g, 0);
        // d/dx [x * d/dy (x + y)] = d/dx x = 1
        Var g2 = ad.grad(xv -> xv.mul(ad.jvp((Var yv) -> xv.add(yv), t.vec(2.0), t.vec(1.0)).tangent()).sum(), x);
        t.assertClose(new double[] {1.0}, g2, 0);
    }

    @Test
    void forwardAndReverseAgreeWithFiniteDifferencesToSecondOrder() {
        Var a = t.normal(1, 3, 4);
        Var b = t.normal(2, 4, 2);
        t.check.check(v -> v[0].matmul(v[1]).tanh().mul(v[0].sum(1).reshape(3, 1)).exp(), new Var[] {a, b}, 2);
    }

    @Test
    void hvpEqualsHessianTimesVector() {
        Var x = t.normal(3, 4);
        Var v = t.normal(4, 4);
        java.util.function.Function<Var, Var> f = p -> p.mul(p).sin().sum().mul(p.sum());
        Var hv = ad.hvp(f, x, v);
        Var h = ad.hessian(f, x);
        t.assertClose(h.matmul(v), hv, 1e-12);
        t.assertClose(h, h.transpose(), 1e-12);
    }

    @Test
    void jacobianForwardEqualsReverse() {
        Var x = t.normal(5, 2, 3);
        java.util.function.Function<Var, Var> f = p -> p.exp().matmul(p.transpose()).tanh();
        Var jf = ad.jacobianFwd(f, x);
        Var jr = ad.jacobianRev(f, x);
        assertEquals(org.polymorph.core.tensor.Shape.of(2, 2, 2, 3), jf.shape());
        t.assertClose(jf, jr, 1e-13);
    }

    public record Mlp(Var w, Var b) { }

    @Test
    void gradientsOfPytreesKeepTheirStructureAndAux() {
        Mlp p = new Mlp(t.normal(6, 3, 2), t.normal(7, 2));
        Var x = t.normal(8, 5, 3);
        ValueAndGrad<Mlp> vg = ad.valueAndGradWithAux(q -> {
            Var h = x.matmul(q.w()).add(q.b()).tanh();
            return new WithAux(h.square().mean(), Map.of("h", h));
        }, p);
        assertEquals(p.w().shape(), vg.grad().w().shape());
        assertEquals(p.b().shape(), vg.grad().b().shape());
        assertTrue(((Map<?, ?>) vg.aux()).get("h") instanceof Var);
        // list input, compare with the record result
        List<Var> g = ad.grad((List<Var> l) -> x.matmul(l.get(0)).add(l.get(1)).tanh().square().mean(), List.of(p.w(), p.b()));
        t.assertClose(vg.grad().w(), g.get(0), 1e-15);
        t.assertClose(vg.grad().b(), g.get(1), 1e-15);
    }

    @Test
    void vmapOfGradGivesPerExampleGradients() {
        Var w = t.normal(9, 3);
        Var xs = t.normal(10, 4, 3);
        Var ys = t.normal(11, 4);
        Var per = ad.vmap((List<Var> xy) -> ad.grad((Var wv) -> xy.get(0).mul(wv).sum().sub(xy.get(1)).square(), w))
                .apply(List.of(xs, ys));
        assertEquals(org.polymorph.core.tensor.Shape.of(4, 3), per.shape());
        for (int i = 0; i < 4; i++) {
            Var xi = o.squeeze(o.slice(xs, new int[] {i, 0}, new int[] {i + 1, 3}, new int[] {1, 1}), 0);
            Var yi = o.reshape(o.slice(ys, new int[] {i}, new int[] {i + 1}, new int[] {1}), new int[0]);
            Var gi = ad.grad((Var wv) -> xi.mul(wv).sum().sub(yi).square(), w);
            Var row = o.squeeze(o.slice(per, new int[] {i, 0}, new int[] {i + 1, 3}, new int[] {1, 1}), 0);
            t.assertClose(gi, row, 1e-14);
        }
    }

    @Test
    void vmapBatchesMatmulReductionsAndBroadcasting() {
        Var m = t.normal(12, 3, 4);
        Var xs = t.normal(13, 5, 4);
        Var out = ad.vmap((Var x) -> m.matmul(x).sub(x.sum()).exp().sum()).apply(xs);
        for (int i = 0; i < 5; i++) {
            Var xi = o.squeeze(o.slice(xs, new int[] {i, 0}, new int[] {i + 1, 4}, new int[] {1, 1}), 0);
            double want = t.values(m.matmul(xi).sub(xi.sum()).exp().sum())[0];
            assertEquals(want, t.values(out)[i], 1e-12);
        }
    }

    @Test
    void whereDoesNotLeakNanFromTheOtherBranch() {
        Var x = t.vec(-1.0, 0.5, 2.0);
        // log of a negative is NaN in the unselected branch
        Var g = ad.grad(v -> o.where(o.gt(v, o.scalarLike(v, 0)), v.mul(v), v.log()).sum(), t.vec(1.0, 2.0));
        t.assertClose(new double[] {2.0, 4.0}, g, 0);
        Var g2 = ad.grad(v -> o.where(o.gt(v, o.scalarLike(v, 0)), v.mul(3.0), o.scalarLike(v, Double.NaN)).sum(), x);
        t.assertClose(new double[] {0.0, 3.0, 3.0}, g2, 0);
    }

    @Test
    void edgesOfAbsMaximumAndSqrtAtZero() {
        Var z = t.vec(0.0, 1.5, -2.0);
        t.assertClose(new double[] {0, 1, -1}, ad.grad(v -> v.abs().sum(), z), 0);
        t.assertClose(new double[] {0.5, 1, 0}, ad.grad(v -> o.maximum(v, o.zerosLike(v)).sum(), z), 0);
        // at a kink the central difference is off by O(eps): use a small step there
        GradCheck fine = new GradCheck(ad, 1e-9, 1e-6, 1e-6, 0);
        fine.check(v -> o.maximum(v[0], o.zerosLike(v[0])).mul(v[0]), new Var[] {z}, 2);
        fine.check(v -> v[0].abs().mul(v[0]), new Var[] {z}, 2);
        // sqrt(x^2 + 1) is smooth at 0
        t.check.check(v -> v[0].square().add(1.0).sqrt(), new Var[] {z}, 2);
    }

    @Test
    void broadcastingGradientsSumOverBroadcastAxes() {
        Var a = t.normal(14, 3, 1);
        Var b = t.normal(15, 4);
        t.check.check(v -> v[0].mul(v[1]).add(v[1].div(v[0].square().add(1.0))), new Var[] {a, b}, 2);
        t.check.check(v -> o.pow(v[0].abs().add(0.5), v[1]), new Var[] {a, b}, 2);
    }

    @Test
    void customVjpRuleIsUsedAndForwardModeDifferentiatesTheFunction() {
        int[] calls = {0};
        java.util.function.Function<Var[], Var[]> f = ad.customVjp("scaled-square",
                v -> new Var[] {v[0].square()},
                (x, y, ct) -> {
                    calls[0]++;
                    return new Var[] {ct[0].mul(x[0]).mul(2.0)};
                });
        Var x = t.vec(1.5, -0.5);
        t.assertClose(new double[] {3.0, -1.0}, ad.grad(v -> f.apply(new Var[] {v})[0].sum(), x), 1e-15);
        assertEquals(1, calls[0]);
        t.check.check(v -> f.apply(v)[0], new Var[] {x}, 2);
    }

    @Test
    void customJvpIsTransposedForReverseMode() {
        // softplus with a hand-written tangent rule: t * sigmoid(x)
        java.util.function.Function<Var[], Var[]> softplus = ad.customJvp("softplus",
                v -> new Var[] {v[0].exp().add(1.0).log()},
                (x, tv) -> new Var[] {tv[0].mul(o.sigmoid(x[0]))});
        Var x = t.vec(-2.0, 0.0, 3.0);
        t.check.check(v -> softplus.apply(v)[0], new Var[] {x}, 2);
    }

    @Test
    void checkpointGivesTheSameGradient() {
        Var x = t.normal(16, 5);
        java.util.function.Function<Var, Var> body = v -> v.sin().mul(v.cos()).add(v.square().mul(0.1));
        Var plain = ad.grad(v -> body.apply(body.apply(v)).sum(), x);
        Var remat = ad.grad(v -> ad.checkpoint(body, ad.checkpoint(body, v)).sum(), x);
        t.assertClose(plain, remat, 1e-15);
        t.check.check(v -> ad.checkpoint(body, v[0]), new Var[] {x}, 2);
    }

    @Test
    void aPrimitiveWithoutRuleFailsNamingIt() {
        Primitive noRule = new Primitive() {
            @Override public String name() { return "test/no-rule"; }
            @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return new Tensor[] {a[0]}; }
        };
        org.polymorph.autodiff.internal.Engine e = ((org.polymorph.autodiff.internal.Transforms) ad).engine();
        Var x = t.vec(1.0);
        IllegalStateException unregistered = assertThrows(IllegalStateException.class, () -> e.bind1(noRule, x));
        assertTrue(unregistered.getMessage().contains("test/no-rule"), unregistered.getMessage());
        try (var reg = ad.primitives().register("test/no-rule", "test")) {
            assertEquals(1, t.values(e.bind1(noRule, x)).length);
            UnsupportedOperationException ex = assertThrows(UnsupportedOperationException.class,
                    () -> ad.grad(v -> e.bind1(noRule, v).sum(), x));
            assertTrue(ex.getMessage().contains("'test/no-rule'") && ex.getMessage().contains("VJP"), ex.getMessage());
        }
        assertEquals(0, ad.primitives().removeOwner("test"));
    }

    @Test
    void gradRejectsNonScalarOutputs() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ad.grad(v -> v.mul(v), t.vec(1, 2)));
        assertTrue(ex.getMessage().contains("scalar"), ex.getMessage());
    }
}
