package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.properties.Trajectories;

/**
 * The mass-weighted power spectrum primitive ({@link VdosPower}) and the VDOS built on it ({@link MdCurves#vdosOfComponents})
 * against the op-by-op form they replace (pad to M, rfft, |·|², mass-weighted row sum; then the Gaussian broadening and
 * unit area): values, VJPs, JVPs and Hessian-vector products to 1e-12 relative to the largest magnitude, on rows read
 * as a transposed slice of frames [T, 2C] (the layout of the trajectory's velocity components); the rules against central
 * differences (exact for a quadratic up to rounding, and GradCheck to second order); bad shapes named.
 */
class VdosPowerTest {
    private static final double TOL = 1e-12;
    private final AD ad = org.polymorph.materials.TestServices.ad();
    private final Ops o = ad.ops();
    private final double[] masses = {28.0855, 63.546, 39.948, 1.008};       // N = 4: C = 12 rows
    private final int t = 37;
    private final int m = Trajectories.fftLength(t);

    private double[] weights() {
        double[] w = new double[3 * masses.length];
        for (int c = 0; c < w.length; c++) w[c] = masses[c / 3];
        return w;
    }

    private static double[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 6 * (2 * rnd.nextDouble() - 1);
        return x;
    }

    /** Rows [C, T] as the trajectory gives them: the second half of frames [T, 2C], transposed (a view). */
    private Var rows(long seed) {
        int c = 3 * masses.length;
        Var frames = o.constant(random(t * 2 * c, seed), t, 2 * c);
        return o.transpose(o.sliceAxis(frames, 1, c, 2 * c), 1, 0);
    }

    private Var fused(Var v) { return new VdosPower(weights(), t, m).of(o, v); }

    /** The op-by-op power spectrum [M/2 + 1]. */
    private Var ops(Var v) {
        int c = v.dim(0);
        Var[] f = o.rfft(o.pad(v, new int[][] {{0, 0}, {0, m - t}}, 0));
        Var p = o.add(o.square(f[0]), o.square(f[1]));
        return o.reshape(o.matmul(o.constant(weights(), 1, c), p), m / 2 + 1);
    }

    /** The op-by-op VDOS (the form before the primitive). */
    private Var opsVdos(Var vt, double dt, double[] grid, double width) {
        int half = m / 2 + 1;
        double dnu = 1 / (m * dt);
        double[] b = new double[half * grid.length];
        for (int k = 0; k < half; k++) {
            for (int g = 0; g < grid.length; g++) {
                double d = (grid[g] - k * dnu) / width;
                b[k * grid.length + g] = Math.exp(-0.5 * d * d) / (Math.sqrt(2 * Math.PI) * width);
            }
        }
        Var s = o.reshape(o.matmul(o.reshape(ops(vt), 1, half), o.constant(b, half, grid.length)), grid.length);
        return MdCurves.unitArea(o, s, grid[1] - grid[0]);
    }

    private double[] values(Var v) { return o.tensors().toDoubleArray(v.value()); }

    private static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        double scale = 0;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0, what + ": all zero");
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], tol * scale, what + "[" + i + "]");
    }

    @Test
    void powerEqualsTheOpsPath() {
        Var v = rows(1);
        double[] p = values(fused(v));
        assertEquals(m / 2 + 1, p.length);
        assertClose(values(ops(v)), p, TOL, "P");
    }

    @Test
    void vjpAndJvpEqualTheOpsPath() {
        Var v = rows(2);
        Var g = o.constant(random(m / 2 + 1, 3), m / 2 + 1);
        Var dv = o.constant(random(3 * masses.length * t, 4), 3 * masses.length, t);
        double[] vjpFused = values(ad.vjp(this::fused, v).pullback().apply(g));
        double[] vjpOps = values(ad.vjp(this::ops, v).pullback().apply(g));
        assertClose(vjpOps, vjpFused, TOL, "VJP");
        double[] jvpFused = values(ad.jvp(this::fused, v, dv).tangent());
        double[] jvpOps = values(ad.jvp(this::ops, v, dv).tangent());
        assertClose(jvpOps, jvpFused, TOL, "JVP");
    }

    @Test
    void secondOrderEqualsTheOpsPath() {
        Var v = rows(5);
        Var r = o.constant(random(m / 2 + 1, 6), m / 2 + 1);
        Var dv = o.constant(random(3 * masses.length * t, 7), 3 * masses.length, t);
        double[] fused = values(ad.hvp(x -> o.sum(o.mul(fused(x), r)), v, dv));
        double[] ops = values(ad.hvp(x -> o.sum(o.mul(ops(x), r)), v, dv));
        assertClose(ops, fused, TOL, "HVP");
    }

    @Test
    void rulesMatchCentralDifferences() {
        int c = 3 * masses.length;
        double[] v = random(c * t, 8), dir = random(c * t, 9), g = random(m / 2 + 1, 10);
        double eps = 1e-3;
        double[] plus = new double[v.length], minus = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            plus[i] = v[i] + eps * dir[i];
            minus[i] = v[i] - eps * dir[i];
        }
        double[] pp = values(fused(o.constant(plus, c, t))), pm = values(fused(o.constant(minus, c, t)));
        double[] fd = new double[pp.length];
        for (int k = 0; k < fd.length; k++) fd[k] = (pp[k] - pm[k]) / (2 * eps);       // exact for a quadratic, up to rounding
        Var x = o.constant(v, c, t);
        assertClose(fd, values(ad.jvp(this::fused, x, o.constant(dir, c, t)).tangent()), 1e-9, "JVP vs central differences");
        double fdg = 0;
        for (int k = 0; k < fd.length; k++) fdg += g[k] * fd[k];
        double[] vjp = values(ad.vjp(this::fused, x).pullback().apply(o.constant(g, g.length)));
        double along = 0;
        for (int i = 0; i < vjp.length; i++) along += vjp[i] * dir[i];
        assertEquals(fdg, along, 1e-9 * Math.abs(fdg), "⟨VJP(g), d⟩ vs ⟨g, central difference along d⟩");
        Var r = o.constant(random(m / 2 + 1, 11), m / 2 + 1);
        new GradCheck(ad, 1e-6, 1e-6, 1e-6, 12).check(a -> o.sum(o.mul(fused(a[0]), r)), new Var[] {rows(13)}, 2);
    }

    @Test
    void vdosAndItsGradientEqualTheOpsPath() {
        double dt = 0.002;
        double[] grid = MdCurves.vdosGrid(20);
        Var vt = rows(14);
        double[] target = new double[grid.length];
        for (int k = 0; k < grid.length; k++) target[k] = Math.exp(-0.5 * (grid[k] - 5) * (grid[k] - 5) / 4);
        Var tc = o.constant(target, target.length);
        Function<Var, Var> fused = x -> MdCurves.vdosOfComponents(o, x, masses, dt, grid, 0.5);
        Function<Var, Var> ops = x -> opsVdos(x, dt, grid, 0.5);
        assertClose(values(ops.apply(vt)), values(fused.apply(vt)), TOL, "VDOS");
        Function<Var, Var> lossFused = x -> MdCurves.l2(o, fused.apply(x), tc, grid[1] - grid[0]);
        Function<Var, Var> lossOps = x -> MdCurves.l2(o, ops.apply(x), tc, grid[1] - grid[0]);
        assertClose(values(ad.grad(lossOps, vt)), values(ad.grad(lossFused, vt)), TOL, "∂L2/∂v");
    }

    @Test
    void badShapesAreNamed() {
        int c = 3 * masses.length;
        VdosPower p = new VdosPower(weights(), t, m);
        BadInputException e = assertThrows(BadInputException.class, () -> p.of(o, o.constant(new double[(c + 1) * t], c + 1, t)));
        assertTrue(e.getMessage().contains("[13, 37]") && e.getMessage().contains("[12, 37]"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> p.of(o, o.constant(new double[c * (t + 1)], c, t + 1)));
        assertTrue(e.getMessage().contains("[12, 38]") && e.getMessage().contains("[12, 37]"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> p.of(o, o.constant(new double[c * t], c * t)));
        assertTrue(e.getMessage().contains("[444]"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new VdosPower(weights(), t, 32));
        assertTrue(e.getMessage().contains("M = 32") && e.getMessage().contains("37 frames"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new VdosPower(weights(), t, 96));
        assertTrue(e.getMessage().contains("M = 96"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new VdosPower(weights(), 0, 2));
        assertTrue(e.getMessage().contains("0 frames"), e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> MdCurves.vdosOfComponents(o, o.constant(new double[9 * t], 9, t), masses, 0.002, MdCurves.vdosGrid(20), 0.5));
        assertTrue(e.getMessage().contains("4 masses") && e.getMessage().contains("[9, 37]"), e.getMessage());
    }
}
