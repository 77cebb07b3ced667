package org.polymorph.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/** Shared fixtures for autodiff tests: an engine over the pure-Java reference service, float64. */
public final class AdTesting {
    public final TensorService ts = new ReferenceTensorService();
    public final AD ad = new AutodiffEngines().create(ts);
    public final Ops o = ad.ops();
    public final GradCheck check = new GradCheck(ad);

    public Var vec(double... v) { return o.constant(ts.fromArray(v, v.length)); }

    public Var arr(double[] v, int... shape) { return o.constant(ts.fromArray(v, shape)); }

    public Var normal(long seed, int... shape) { return o.constant(ts.normal(RandomKey.of(seed), DType.FLOAT64, shape)); }

    public Var uniform(long seed, double lo, double hi, int... shape) {
        return o.constant(ts.uniform(RandomKey.of(seed), DType.FLOAT64, lo, hi, shape));
    }

    public double[] values(Var v) { return ts.toDoubleArray(v.value()); }

    public void assertClose(double[] want, Var got, double tol) {
        double[] g = values(got);
        assertEquals(want.length, g.length, "length");
        for (int i = 0; i < want.length; i++) assertEquals(want[i], g[i], tol, "element " + i);
    }

    public void assertClose(Var want, Var got, double tol) {
        assertEquals(want.shape(), got.shape(), "shape");
        assertClose(values(want), got, tol);
    }
}
