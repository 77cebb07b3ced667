package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * edip's mixed parameter products, parameter by parameter: the row outP_q = ∂²E/∂p_q∂X·dX (one reverse pass) and the column
 * ∂²E/∂X∂p_q (the product with dp = e_q) against five-point central differences in p_q of the fused forces and cell gradient,
 * to 1e-8 relative, on a rattled periodic triclinic cell (one and two species) and a free cluster. The row also equals dX
 * dotted with each column (the forward-seeded parameter row), does not see dp, and the product is linear in (dX, dp).
 */
class EdipParameterRowTest {
    private static final double TOL = 1e-8;
    /** Step of the differences, relative to |p_q| (1 for |p_q| below 1). */
    private static final double STEP = 1e-5;
    /** What rounding leaves in a difference of the forces (eV/Å per unit of parameter) where the true derivative is zero. */
    private static final double NOISE = 1e-8;
    /** Si.edip's entry (Justo et al.), FILE_PARAMETERS order. */
    private static final double[] EDIP_SI = {7.9821730, 1.5075463, 3.1213820, 2.5609104, 3.1083847, 0.0070975, 0.2523244, 1.1247945, 1.4533108,
        0.6966326, 1.2085196, 0.5774108, 312.1341346, -0.165799, 32.557, 0.286198, 0.66};

    /** Diamond at a = 5.6 Å rattled by 0.15 Å: first neighbours (2.42 Å) on both sides of cutoffC, so Z's smooth part is in play. */
    private static Atoms silicon(long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.6, new int[] {2, 2, 2}, "Si", 28.0855), 0.15, seed);
    }

    @Test
    void rowAndColumnsOnARattledTriclinicCell() {
        check(EDIP_SI, 1, SecondOrderKernelsTest.triclinic(silicon(41), 0.1, -0.08, 0.05), 41);
    }

    @Test
    void rowAndColumnsOnAFreeCluster() {
        check(EDIP_SI, 1, SecondOrderKernelsTest.free(silicon(42)), 42);
    }

    @Test
    void rowAndColumnsWithTwoSpeciesOnATriclinicCell() {
        check(SecondOrderKernelsTest.perSlot(EDIP_SI, 2), 2, SecondOrderKernelsTest.twoTypes(SecondOrderKernelsTest.triclinic(silicon(43), 0.05, 0.1, 0)), 43);
    }

    private static void check(double[] p, int types, Atoms atoms, long seed) {
        Edip edip = new Edip(types, SecondOrderKernelsTest.table(p, 17));
        NeighborList nl = new NeighborListBuilder(edip.cutoff(), 0.3, false).build(atoms);
        Ghosts g = nl.ghosts();
        int n = atoms.size(), ext = 3 * g.extended(), m = p.length;
        boolean periodic = atoms.box().periodic()[0];
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] dR = random(rnd, 3 * n), dh = periodic ? random(rnd, 9) : null, dp = random(rnd, m);
        double[] dX = ExtendedTangents.spread(g, dR, dh);

        double[] outX = new double[ext], row = new double[m];
        edip.hessianProduct(atoms, nl, dX, null, outX, row);
        double[] rowFd = new double[m], rowSeeded = new double[m];
        double worstRow = 0, worstColumn = 0;
        int live = 0;
        for (int q = 0; q < m; q++) {
            double h = STEP * Math.max(1, Math.abs(p[q]));
            int k = q;
            double[][] d = difference(s -> gradient(new Edip(types, SecondOrderKernelsTest.table(shifted(p, k, s), 17)), atoms, nl), h);
            // the row: dR·∂(∂E/∂R)/∂p_q + dh:∂(∂E/∂h)/∂p_q
            for (int i = 0; i < 3 * n; i++) rowFd[q] += dR[i] * d[0][i];
            if (periodic) for (int i = 0; i < 9; i++) rowFd[q] += dh[i] * d[1][i];
            // the column ∂²E/∂X∂p_q, its positions and cell rows
            double[] e = new double[m];
            e[q] = 1;
            double[] column = new double[ext];
            edip.hessianProduct(atoms, nl, new double[ext], e, column, null);
            for (int x = 0; x < ext; x++) rowSeeded[q] += dX[x] * column[x];
            double[] colR = new double[3 * n], colH = new double[9];
            ExtendedTangents.reduce(g, column, colR, periodic ? colH : null);
            if (maxAbs(column) == 0) {
                // a number no term of this structure reads (a slot without its pair, or Z's smooth part not reached): differences are rounding
                assertTrue(maxAbs(d[0]) < NOISE && Math.abs(rowFd[q]) < NOISE * 3 * n, name(q) + ": zero column, differences " + maxAbs(d[0]));
                assertEquals(0, row[q], 0, name(q) + ": zero column, the row must be zero too");
                continue;
            }
            live++;
            // positions and cell rows as one column (their units differ by Å; the cell's is within rounding of zero for a weak column)
            double[] want = periodic ? concat(d[0], d[1]) : d[0], got = periodic ? concat(colR, colH) : colR;
            worstColumn = Math.max(worstColumn, relative(want, got));
            SecondOrderCheck.close(want, got, TOL, "edip: ∂²E/∂(R, h)∂p, " + name(q));
            double rowScale = Math.max(Math.abs(rowFd[q]), 1e-3 * maxAbs(d[0]));
            worstRow = Math.max(worstRow, Math.abs(row[q] - rowFd[q]) / rowScale);
            assertEquals(rowFd[q], row[q], TOL * rowScale, "edip: dXᵀ∂²E/∂X∂p, " + name(q));
        }
        System.out.printf("edip parameter row, %d types, %s: %d of %d parameters move the forces; worst relative error row %.1e, columns %.1e%n",
                types, periodic ? "triclinic cell" : "free cluster", live, m, worstRow, worstColumn);
        assertTrue(live >= 17, "too few parameters reach the forces: " + live);
        // the reverse row = the forward-seeded row (dX · each column)
        SecondOrderCheck.close(rowSeeded, row, 1e-12, "edip: reverse row vs dX·columns");
        // the row does not see dp; the product is linear in (dX, dp)
        double[] outBoth = new double[ext], rowBoth = new double[m], outDp = new double[ext];
        edip.hessianProduct(atoms, nl, dX, dp, outBoth, rowBoth);
        edip.hessianProduct(atoms, nl, new double[ext], dp, outDp, null);
        SecondOrderCheck.close(row, rowBoth, 1e-14, "edip: the row with dp");
        double[] sum = new double[ext];
        for (int x = 0; x < ext; x++) sum[x] = outX[x] + outDp[x];
        SecondOrderCheck.close(sum, outBoth, 1e-12, "edip: H·dX + M·dp");
    }

    private static String name(int q) { return Edip.FILE_PARAMETERS.get(q % 17) + " of slot " + q / 17; }

    private static double[] random(SplittableRandom rnd, int k) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) v[i] = 2 * rnd.nextDouble() - 1;
        return v;
    }

    private static double[] shifted(double[] p, int q, double s) {
        double[] out = p.clone();
        out[q] += s;
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double maxAbs(double[] v) {
        double s = 0;
        for (double x : v) s = Math.max(s, Math.abs(x));
        return s;
    }

    private static double relative(double[] want, double[] got) {
        double err = 0;
        for (int i = 0; i < want.length; i++) err = Math.max(err, Math.abs(want[i] - got[i]));
        return err / maxAbs(want);
    }

    /** (∂E/∂R [3N], ∂E/∂h [9]) from the fused kernel. */
    private static double[][] gradient(Edip pot, Atoms a, NeighborList nl) {
        Evaluation ev = pot.compute(a, nl);
        double[] f = ev.forces();
        double[] gR = new double[f.length];
        for (int i = 0; i < f.length; i++) gR[i] = -f[i];
        return new double[][] {gR, FusedEnergy.cellGradient(a.positions(), ev, a.box().h())};
    }

    /** Five-point central differences (8(f(h) − f(−h)) − (f(2h) − f(−2h))) / 12h of both gradient parts. */
    private static double[][] difference(java.util.function.DoubleFunction<double[][]> f, double h) {
        double[][] a = f.apply(h), b = f.apply(-h), a2 = f.apply(2 * h), b2 = f.apply(-2 * h);
        double[][] d = new double[a.length][];
        for (int k = 0; k < a.length; k++) {
            d[k] = new double[a[k].length];
            for (int i = 0; i < d[k].length; i++) d[k][i] = (8 * (a[k][i] - b[k][i]) - (a2[k][i] - b2[k][i])) / (12 * h);
        }
        return d;
    }
}
