package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The embedded-atom kernels' second-order products (gupta, eam, eam/alloy through one walk, {@link EmbeddedAtomProducts}).
 * Gupta with its C² switch: against five-point differences of its own forces and cell gradient to 1e-8 ({@link SecondOrderCheck})
 * on periodic, triclinic, free and two-species structures. EAM's LAMMPS cubics are only C¹ (the second derivative jumps at the
 * grid knots), so a difference step that straddles a knot is wrong at O(1) for that pair; its products are checked instead
 * against the autodiff Hessian-vector products of its differentiable energy ({@link Eam#energy}), which evaluates the very same
 * cubic on the same interval, to 1e-10: positions, cell and every table value, JVP and VJP, one and two elements; and
 * through the fused-energy primitive (kernel products against the autodiff route) for the table-scale family.
 */
class EmbeddedSecondOrderTest {
    private static final double TOL = 1e-8;
    private static final Path CU = Oracles.potentialFile("Cu_u3.eam");

    private final TensorService ts = new ReferenceTensorService();
    private final AD ad = new AutodiffEngines().create(ts);
    private final Ops o = ad.ops();

    EmbeddedSecondOrderTest() {
        FusedEnergy.register(ad.primitives(), "test");
    }

    /** Cleri and Rosato's Cu (A, ξ, p, q, r0), smooth switch 4.2 → 5.2 Å; p the upper triangles of one type. */
    private static final double[] GUPTA_CU = {0.0855, 1.224, 10.960, 2.278, 2.556};

    private static Function<double[], Potential> gupta(int types) {
        int u = types * (types + 1) / 2;
        return p -> Gupta.smooth(table(p, 0, u, types), table(p, 1, u, types), table(p, 2, u, types), table(p, 3, u, types),
                table(p, 4, u, types), 4.2, 5.2);
    }

    private static double[] table(double[] p, int block, int u, int types) {
        return PairSum.fromUpper(Arrays.copyOfRange(p, block * u, (block + 1) * u), types);
    }

    @Test
    void guptaProductsEqualDifferencesOfItsForces() {
        Atoms cu = SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.615, new int[] {2, 2, 2}, "Cu", 63.546), 0.1, 21);
        new SecondOrderCheck(gupta(1), GUPTA_CU, cu, 0.3, 21).check(TOL);
        new SecondOrderCheck(gupta(1), GUPTA_CU, SecondOrderKernelsTest.triclinic(cu, 0.15, -0.1, 0.2), 0.3, 22).check(TOL);
        new SecondOrderCheck(gupta(1), GUPTA_CU, SecondOrderKernelsTest.free(cu), 0.3, 23).check(TOL);
        // Cu (A), Ag (B) and their mixed pair, as (AA, AB, BB) for each of A, ξ, p, q, r0
        double[] two = {0.0855, 0.098, 0.1028, 1.224, 1.2274, 1.178, 10.96, 10.7, 10.928, 2.278, 2.805, 3.139, 2.556, 2.72, 2.8885};
        Atoms mixed = SecondOrderKernelsTest.twoTypes(cu);
        new SecondOrderCheck(gupta(2), two, mixed, 0.3, 24).check(TOL);
        new SecondOrderCheck(gupta(2), two, SecondOrderKernelsTest.free(mixed), 0.3, 25).check(TOL);
    }

    @Test
    void eamProductsEqualTheAutodiffHessianOfItsEnergy() {
        Atoms cu = SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.615, new int[] {2, 2, 2}, "Cu", 63.546), 0.12, 31);
        Eam one = Eam.funcfl(CU);
        againstAutodiff(one, cu, 31);
        againstAutodiff(one, SecondOrderKernelsTest.triclinic(cu, 0.1, 0.15, -0.1), 32);
        againstAutodiff(one, SecondOrderKernelsTest.free(cu), 33);
        // two elements with different functions: Cu_u3 twice, the second element's tables scaled apart
        Eam pair = Eam.funcfl(CU, CU);
        double[] p = pair.tables();
        int nrho = p.length / 7, nr = nrho;   // Cu_u3: 500 points on both grids; blocks F [2], ρ [2], r·φ [3]
        assertEquals(2 * nrho + 5 * nr, p.length);
        for (int k = nrho; k < 2 * nrho; k++) p[k] *= 1.1;                          // F of element 1
        for (int k = 2 * nrho + nr; k < 2 * nrho + 2 * nr; k++) p[k] *= 0.9;          // ρ of element 1
        for (int k = 2 * nrho + 3 * nr; k < 2 * nrho + 4 * nr; k++) p[k] *= 1.2;      // r·φ of the mixed pair
        Eam alloy = pair.withTables(p);
        againstAutodiff(alloy, SecondOrderKernelsTest.twoTypes(cu), 34);
        againstAutodiff(alloy, SecondOrderKernelsTest.free(SecondOrderKernelsTest.twoTypes(cu)), 35);
    }

    /**
     * EAM against differences of its own forces. {@link SecondOrderCheck}'s parameter tangents are absolute (|ṗ| ≤ 1 on
     * tables whose ρ entries are ~10⁻²), so its ±2·10⁻⁵ steps move each density by ~10⁻³, two spacings of the ρ grid
     * (5·10⁻⁴): the five-point stencil straddles knots of F, whose second derivative jumps there, and the differences
     * are off by ~1.3·10⁻⁵ relative (positions and cell alone agree to 1e-8); hence 1e-4 for the whole check. The
     * parameter JVP is then checked again by central differences along the same direction at steps 10⁻⁶ and 10⁻⁷,
     * whose error falls as h² (truncation, no knot crossed) to below 1e-8 at 10⁻⁷.
     */
    @Test
    void eamProductsEqualDifferencesOfItsForces() {
        Eam cu = Eam.funcfl(CU);
        Atoms fcc = SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.615, new int[] {2, 2, 2}, "Cu", 63.546), 0.1, 36);
        new SecondOrderCheck(cu::withTables, cu.tables(), fcc, 0.3, 36).check(1e-4);
        NeighborList nl = new NeighborListBuilder(cu.cutoff(), 0.3, true).build(fcc);
        Ghosts g = nl.ghosts();
        double[] p = cu.tables(), dp = random(new SplittableRandom(37), p.length);
        double[] out = new double[3 * g.extended()], row = new double[3 * fcc.size()];
        cu.hessianProduct(fcc, nl, new double[out.length], dp, out, null);
        ExtendedTangents.reduce(g, out, row, null);
        double[] err = new double[2];
        for (int k = 0; k < 2; k++) {
            double h = k == 0 ? 1e-6 : 1e-7;
            double[] plus = cu.withTables(step(p, dp, h)).compute(fcc, nl).forces(), minus = cu.withTables(step(p, dp, -h)).compute(fcc, nl).forces();
            double scale = 0;
            for (int i = 0; i < row.length; i++) {
                err[k] = Math.max(err[k], Math.abs((minus[i] - plus[i]) / (2 * h) - row[i]));
                scale = Math.max(scale, Math.abs(row[i]));
            }
            err[k] /= scale;
        }
        assertTrue(err[1] < 1e-8, "eam: ∂²E/∂R∂p·ṗ off by " + err[1] + " (relative) at step 1e-7");
        assertTrue(err[1] < 0.05 * err[0], "eam: the difference error falls as h² (" + err[0] + " at 1e-6, " + err[1] + " at 1e-7)");
    }

    private static double[] step(double[] p, double[] d, double s) {
        double[] q = p.clone();
        for (int i = 0; i < q.length; i++) q[i] += s * d[i];
        return q;
    }

    /**
     * The kernel's products against forward-over-reverse autodiff of {@link Eam#energy} on the same list: JVP of (∂E/∂R, ∂E/∂h)
     * in (R, h, p) along a random tangent, and the VJP's p row (wᵀ ∂²E/∂R∂p) along a random w; 1e-10 relative to the largest
     * component.
     */
    private void againstAutodiff(Eam eam, Atoms atoms, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        NeighborList nl = new NeighborListBuilder(eam.cutoff(), 0.3, true).build(atoms);
        Ghosts g = nl.ghosts();
        int n = atoms.size(), m = eam.parameterCount();
        boolean periodic = atoms.box().periodic()[0];
        double[] p = eam.tables();
        double[] dR = random(rnd, 3 * n), dh = periodic ? random(rnd, 9) : null, dp = random(rnd, m), w = random(rnd, 3 * n);
        for (int k = 0; k < m; k++) dp[k] *= 0.01 * Math.abs(p[k]);   // tangents on the scale of the tables
        Function<Var[], Var[]> gradient = v -> ad.grad((Var[] x) -> eam.energy(o, x[0], x[1], params(eam, x[2]), atoms, nl),
                new Var[] {v[0], v[1], v[2]});
        Var[] x = {o.constant(atoms.positions(), n, 3), o.constant(atoms.box().h(), 3, 3), o.constant(p, m)};
        Var[] t = {o.constant(dR, n, 3), o.constant(dh == null ? new double[9] : dh, 3, 3), o.constant(dp, m)};
        Var[] jvp = ad.jvp((Var[] v) -> {
            Var[] gr = gradient.apply(v);
            return new Var[] {gr[0], gr[1]};
        }, x, t).tangent();
        double[] outX = new double[3 * g.extended()];
        eam.hessianProduct(atoms, nl, ExtendedTangents.spread(g, dR, dh), dp, outX, null);
        double[] rowR = new double[3 * n], rowH = new double[9];
        ExtendedTangents.reduce(g, outX, rowR, rowH);
        SecondOrderCheck.close(ts.toDoubleArray(jvp[0].value()), rowR, 1e-10, eam.style() + ": H·(Ṙ, ḣ, ṗ), positions row");
        if (periodic) SecondOrderCheck.close(ts.toDoubleArray(jvp[1].value()), rowH, 1e-10, eam.style() + ": H·(Ṙ, ḣ, ṗ), cell row");
        // VJP: the p row of wᵀ ∂(∂E/∂R)/∂(R, h, p)
        Var[] vjp = ad.vjp((Var[] v) -> new Var[] {gradient.apply(v)[0]}, x).pullback().apply(new Var[] {o.constant(w, n, 3)});
        double[] outW = new double[3 * g.extended()], outP = new double[m];
        eam.hessianProduct(atoms, nl, ExtendedTangents.spread(g, w, null), null, outW, outP);
        SecondOrderCheck.close(ts.toDoubleArray(vjp[2].value()), outP, 1e-10, eam.style() + ": wᵀ∂²E/∂R∂p");
        double[] rowW = new double[3 * n];
        ExtendedTangents.reduce(g, outW, rowW, null);
        SecondOrderCheck.close(ts.toDoubleArray(vjp[0].value()), rowW, 1e-10, eam.style() + ": H·w");
        // several tangents at once = one at a time
        double[][] dX = {ExtendedTangents.spread(g, dR, null), ExtendedTangents.spread(g, w, null)}, dps = {dp, null};
        dps[1] = random(rnd, m);
        double[][] batched = new double[2][3 * g.extended()];
        eam.hessianProducts(atoms, nl, dX, dps, batched);
        for (int b = 0; b < 2; b++) {
            double[] single = new double[3 * g.extended()];
            eam.hessianProduct(atoms, nl, dX[b], dps[b], single, null);
            SecondOrderCheck.close(single, batched[b], 1e-13, eam.style() + ": batched tangent " + b);
        }
    }

    /** Eam.Params from the flat table vector p (F, ρ, r·φ blocks). */
    private Eam.Params params(Eam eam, Var p) {
        Eam.Params shape = (Eam.Params) eam.parameters(o);
        Var[] blocks = {shape.frho(), shape.rhor(), shape.z2r()};
        Var[] out = new Var[3];
        for (int k = 0, at = 0; k < 3; k++) {
            int[] dims = blocks[k].value().shape().toArray();
            int size = dims[0] * dims[1];
            out[k] = o.reshape(o.sliceAxis(p, 0, at, at + size), dims);
            at += size;
        }
        return new Eam.Params(out[0], out[1], out[2]);
    }

    /**
     * The fused-energy primitive over the table-scale family with the kernel's products (its parameter Jacobian) equals
     * the autodiff route (the same family without it) in the gradient primitive's JVP and VJP, to 1e-10, on triclinic Cu.
     */
    @Test
    void eamTableScalesThroughTheFusedPrimitive() {
        Atoms cu = SecondOrderKernelsTest.triclinic(
                SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.615, new int[] {2, 2, 2}, "Cu", 63.546), 0.1, 41), 0.1, 0, -0.15);
        FusedEnergy.Family fast = Eam.funcfl(CU).tableScales();
        FusedEnergy.Family slow = new FusedEnergy.Family() {
            @Override public Potential at(double[] theta) { return fast.at(theta); }

            @Override public Object params(Ops ops, Var theta) { return fast.params(ops, theta); }
        };
        double[] theta = {1.02, 0.97, 1.05};
        FusedEnergy kernel = new FusedEnergy(ad, fast, cu), autodiff = new FusedEnergy(ad, slow, cu);
        assertTrue(kernel.secondOrder(theta) != null, "the family's products come from the kernel");
        Var[] x = {o.constant(cu.positions(), cu.size(), 3), o.constant(cu.box().h(), 3, 3), o.constant(theta, 3)};
        SplittableRandom rnd = new SplittableRandom(42);
        Var[] t = new Var[3];
        for (int i = 0; i < 3; i++) t[i] = o.constant(ts.fromArray(random(rnd, ts.toDoubleArray(x[i].value()).length), x[i].value().shape().toArray()));
        Var[] jf = ad.jvp((Var[] v) -> kernel.gradient(v[0], v[1], v[2]), x, t).tangent();
        Var[] js = ad.jvp((Var[] v) -> autodiff.gradient(v[0], v[1], v[2]), x, t).tangent();
        SecondOrderCheck.close(ts.toDoubleArray(js[0].value()), ts.toDoubleArray(jf[0].value()), 1e-10, "JVP, positions");
        SecondOrderCheck.close(ts.toDoubleArray(js[1].value()), ts.toDoubleArray(jf[1].value()), 1e-10, "JVP, cell");
        Var[] ct = {t[0], t[1]};
        Var[] vf = ad.vjp((Var[] v) -> kernel.gradient(v[0], v[1], v[2]), x).pullback().apply(ct);
        Var[] vs = ad.vjp((Var[] v) -> autodiff.gradient(v[0], v[1], v[2]), x).pullback().apply(ct);
        for (int i = 0; i < 3; i++) SecondOrderCheck.close(ts.toDoubleArray(vs[i].value()), ts.toDoubleArray(vf[i].value()), 1e-10, "VJP, operand " + i);
    }

    private static double[] random(SplittableRandom rnd, int k) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) v[i] = 2 * rnd.nextDouble() - 1;
        return v;
    }
}
