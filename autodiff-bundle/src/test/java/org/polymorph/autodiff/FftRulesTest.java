package org.polymorph.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.Decompositions;
import org.polymorph.core.tensor.Shape;

class FftRulesTest {
    private final AdTesting t = new AdTesting();
    private final AD ad = t.ad;
    private final Ops o = t.o;

    private Var flat(Var a, Var b) { return o.concat(0, o.reshape(a, -1), o.reshape(b, -1)); }

    @Test
    void rfftForEvenAndOddLengths() {
        for (int n : new int[] {1, 2, 7, 8}) {
            Var x = t.normal(n, 2, n);
            Var[] y = o.rfft(x);
            Decompositions.Complex want = t.ts.rfft(x.value());
            t.assertClose(o.constant(want.re()), y[0], 0);
            t.assertClose(o.constant(want.im()), y[1], 0);
            t.check.check(v -> {
                Var[] r = o.rfft(v[0]);
                return flat(r[0], r[1]).sin();
            }, new Var[] {x}, 2);
            // only one part used: the other cotangent is a symbolic zero
            t.check.check(v -> o.rfft(v[0])[1].square(), new Var[] {x}, 2);
        }
    }

    @Test
    void rfftAdjointMatchesTheExplicitDftMatrix() {
        int n = 6;
        Var u = t.normal(1, n / 2 + 1);
        Var w = t.normal(2, n / 2 + 1);
        Var g = ad.grad((Var v) -> {
            Var[] r = o.rfft(v);
            return o.add(o.mul(r[0], u), o.mul(r[1], w)).sum();
        }, t.normal(3, n));
        double[] uv = t.values(u);
        double[] wv = t.values(w);
        double[] want = new double[n];
        for (int s = 0; s < n; s++) {
            for (int k = 0; k <= n / 2; k++) want[s] += uv[k] * Math.cos(2 * Math.PI * k * s / n) - wv[k] * Math.sin(2 * Math.PI * k * s / n);
        }
        t.assertClose(want, g, 1e-12);
    }

    @Test
    void irfftForEvenAndOddLengthsAndCutOrPaddedSpectra() {
        for (int n : new int[] {1, 2, 7, 8}) {
            for (int m : new int[] {n / 2 + 1, Math.max(1, n / 2 - 1), n / 2 + 3}) {
                Var re = t.normal(10 + n + m, 3, m);
                Var im = t.normal(20 + n + m, 3, m);
                Var y = o.irfft(re, im, n);
                t.assertClose(o.constant(t.ts.irfft(new Decompositions.Complex(re.value(), im.value()), n)), y, 0);
                t.check.check(v -> o.irfft(v[0], v[1], n).sin(), new Var[] {re, im}, 2);
            }
        }
    }

    @Test
    void roundTripAndVmap() {
        for (int n : new int[] {5, 6}) {
            Var x = t.normal(30 + n, 4, n);
            java.util.function.Function<Var[], Var> f = v -> {
                Var[] r = o.rfft(v[0]);
                return o.irfft(r[0].mul(r[1].tanh()), r[1], n);
            };
            t.check.check(f, new Var[] {x}, 2);
            Var rt = ad.grad(v -> {
                Var[] r = o.rfft(v);
                return o.irfft(r[0], r[1], n).square().sum();
            }, x);
            t.assertClose(x.mul(2.0), rt, 1e-12);
            Var batched = ad.vmap((Var v) -> o.rfft(v)[0]).apply(x);
            assertEquals(Shape.of(4, n / 2 + 1), batched.shape());
            t.assertClose(o.rfft(x)[0], batched, 0);
            Var im0 = t.normal(40, n / 2 + 1);
            Var inv = ad.vmap((Var re) -> o.irfft(re, im0, n)).apply(o.rfft(x)[0]);
            for (int b = 0; b < 4; b++) {
                Var reb = o.squeeze(o.slice(o.rfft(x)[0], new int[] {b, 0}, new int[] {b + 1, n / 2 + 1}, new int[] {1, 1}), 0);
                Var row = o.squeeze(o.slice(inv, new int[] {b, 0}, new int[] {b + 1, n}, new int[] {1, 1}), 0);
                t.assertClose(o.irfft(reb, im0, n), row, 1e-14);
            }
        }
    }
}
