package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;

/**
 * A kernel's {@link SecondOrder} products against central differences of its own fused forces and cell gradient
 * (∂E/∂h = h⁻ᵀ(−W + RᵀF), {@link FusedEnergy#cellGradient}): along random directions in positions, in the cell
 * (periodic structures) and in the parameters (JVP), and every parameter's row of the VJP. One list with a skin serves
 * every displaced evaluation, and several tangents at once ({@link SecondOrder#hessianProducts}) equal them one at a time; five-point differences of step {@link #STEP}, agreement to {@code tol} relative to the largest
 * component of each product.
 */
final class SecondOrderCheck {
    static final double STEP = 1e-5;

    private final Function<double[], Potential> family;
    private final double[] p;
    private final Atoms atoms;
    private final double skin;
    private final SplittableRandom rnd;

    /** {@code family}: the potential at a parameter vector p (its {@link SecondOrder} order); {@code skin} (Å) covers the displacements. */
    SecondOrderCheck(Function<double[], Potential> family, double[] p, Atoms atoms, double skin, long seed) {
        this.family = family;
        this.p = p.clone();
        this.atoms = atoms;
        this.skin = skin;
        this.rnd = new SplittableRandom(seed);
    }

    /** Positions, cell (when periodic) and parameter directions: three random directions each, and the full VJP rows. */
    void check(double tol) {
        Potential pot = family.apply(p);
        assertTrue(pot instanceof SecondOrder, pot.style() + " has no second-order kernel");
        SecondOrder so = (SecondOrder) pot;
        assertEquals(p.length, so.parameterCount(), "parameter count");
        NeighborList nl = new NeighborListBuilder(pot.cutoff(), skin, !pot.needsFullList()).build(atoms);
        Ghosts g = nl.ghosts();
        int n = atoms.size();
        boolean periodic = atoms.box().periodic()[0] || atoms.box().periodic()[1] || atoms.box().periodic()[2];
        for (int trial = 0; trial < 3; trial++) {
            double[] dR = random(3 * n), dh = periodic ? random(9) : null, dp = random(p.length);
            double[] w = random(3 * n);
            // positions and cell together
            double[] outX = new double[3 * g.extended()];
            double[] outP = new double[p.length];
            so.hessianProduct(atoms, nl, ExtendedTangents.spread(g, dR, dh), null, outX, outP);
            double[] rowR = new double[3 * n], rowH = new double[9];
            ExtendedTangents.reduce(g, outX, rowR, rowH);
            double[][] fdRH = difference(s -> gradient(pot, moved(dR, dh, s), nl));
            close(fdRH[0], rowR, tol, pot.style() + ": H·(Ṙ, ḣ), positions row");
            if (periodic) close(fdRH[1], rowH, tol, pot.style() + ": H·(Ṙ, ḣ), cell row");
            // parameters (JVP): the positions row of ∂²E/∂R∂p · ṗ
            double[] outPx = new double[3 * g.extended()];
            so.hessianProduct(atoms, nl, new double[3 * g.extended()], dp, outPx, null);
            double[] rowP = new double[3 * n];
            ExtendedTangents.reduce(g, outPx, rowP, null);
            double[][] fdP = difference(s -> gradient(family.apply(shifted(dp, s)), atoms, nl));
            close(fdP[0], rowP, tol, pot.style() + ": ∂²E/∂R∂p·ṗ");
            // parameters (VJP): w·∂(∂E/∂R)/∂p_q for every q, from a product along the direction w in positions
            double[] outW = new double[3 * g.extended()];
            double[] vjp = new double[p.length];
            so.hessianProduct(atoms, nl, ExtendedTangents.spread(g, w, null), null, outW, vjp);
            double[] fdVjp = new double[p.length];
            for (int q = 0; q < p.length; q++) {
                double[] e = new double[p.length];
                e[q] = 1;
                double[] d = difference(s -> gradient(family.apply(shifted(e, s)), atoms, nl))[0];
                for (int i = 0; i < w.length; i++) fdVjp[q] += w[i] * d[i];
            }
            close(fdVjp, vjp, tol, pot.style() + ": wᵀ∂²E/∂R∂p");
        }
        // several tangents at once = one at a time
        int b = 3, ext = 3 * g.extended();
        double[][] dX = new double[b][], dps = new double[b][], batched = new double[b][ext];
        for (int k = 0; k < b; k++) {
            dX[k] = ExtendedTangents.spread(g, random(3 * n), null);
            dps[k] = random(p.length);
        }
        so.hessianProducts(atoms, nl, dX, dps, batched);
        for (int k = 0; k < b; k++) {
            double[] one = new double[ext];
            so.hessianProduct(atoms, nl, dX[k], dps[k], one, null);
            close(one, batched[k], 1e-13, pot.style() + ": batched tangent " + k);
        }
    }

    private double[] random(int k) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) v[i] = 2 * rnd.nextDouble() - 1;
        return v;
    }

    private Atoms moved(double[] dR, double[] dh, double s) {
        double[] r = atoms.positions();
        for (int i = 0; i < r.length; i++) r[i] += s * dR[i];
        Atoms a = atoms.withPositions(r);
        if (dh == null) return a;
        double[] h = atoms.box().h();
        for (int i = 0; i < 9; i++) h[i] += s * dh[i];
        return a.withBox(atoms.box().withCell(h));
    }

    private double[] shifted(double[] dp, double s) {
        double[] q = p.clone();
        for (int i = 0; i < q.length; i++) q[i] += s * dp[i];
        return q;
    }

    /** (∂E/∂R [3N], ∂E/∂h [9]) from the fused kernel, as the fused-energy primitive forms them. */
    private static double[][] gradient(Potential pot, Atoms a, NeighborList nl) {
        Evaluation ev = pot.compute(a, nl);
        double[] f = ev.forces();
        double[] gR = new double[f.length];
        for (int i = 0; i < f.length; i++) gR[i] = -f[i];
        return new double[][] {gR, FusedEnergy.cellGradient(a.positions(), ev, a.box().h())};
    }

    /** Five-point central differences (8(f(h) − f(−h)) − (f(2h) − f(−2h))) / 12h, h = STEP, of both gradient parts (error O(h⁴)). */
    private static double[][] difference(java.util.function.DoubleFunction<double[][]> f) {
        double[][] a = f.apply(STEP), b = f.apply(-STEP), a2 = f.apply(2 * STEP), b2 = f.apply(-2 * STEP);
        double[][] d = new double[a.length][];
        for (int k = 0; k < a.length; k++) {
            d[k] = new double[a[k].length];
            for (int i = 0; i < d[k].length; i++) d[k][i] = (8 * (a[k][i] - b[k][i]) - (a2[k][i] - b2[k][i])) / (12 * STEP);
        }
        return d;
    }

    static void close(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 0;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0, what + ": the product is zero, a test that cannot fail");
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], tol * scale, what + ", element " + i);
    }
}
