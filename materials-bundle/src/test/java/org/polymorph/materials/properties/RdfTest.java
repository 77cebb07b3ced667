package org.polymorph.materials.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

class RdfTest {
    private static final double A = 3.615;
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final AD ad = new AutodiffEngines().create(ts);
    private final Ops o = ad.ops();

    private static int bin(double r, double dr) { return (int) (r / dr); }

    @Test
    void fccShellsHaveTheirCoordinationNumbers() {
        Atoms fcc = Lattices.build("fcc", A, new int[] {3, 3, 3}, "Cu", 63.546);
        double dr = 0.01;
        Rdf.Result res = Rdf.compute(fcc, 5.5, 550);
        double[] shells = {A / Math.sqrt(2), A, A * Math.sqrt(1.5), A * Math.sqrt(2)};
        int[] counts = {12, 6, 24, 12};
        int cum = 0;
        for (int s = 0; s < shells.length; s++) {
            int b = bin(shells[s], dr);
            assertTrue(res.g()[b] > 10, "peak at shell " + s + ": g = " + res.g()[b]);
            cum += counts[s];
            double between = s + 1 < shells.length ? (shells[s] + shells[s + 1]) / 2 : 5.45;
            assertEquals(cum, res.coordination()[bin(between, dr)], 1e-9, "coordination after shell " + s);
            // the peak integral ρ ∫ 4πr² g dr over the bin is the shell's count
            double rho = fcc.size() / fcc.box().volume();
            double shellVol = 4 * Math.PI / 3 * (Math.pow((b + 1) * dr, 3) - Math.pow(b * dr, 3));
            assertEquals(counts[s], res.g()[b] * rho * shellVol, 1e-9);
        }
        assertEquals(0, res.g()[bin(2.0, dr)], 0);
        assertEquals(0, res.g()[bin(3.1, dr)], 0);
    }

    @Test
    void partialRdfsOfRockSalt() {
        double a = 5.64;
        Atoms na = Lattices.build("fcc", a, new int[] {2, 2, 2}, "Na", 22.99);
        double[] r = new double[6 * na.size()];
        int[] types = new int[2 * na.size()];
        double[] p = na.positions();
        for (int i = 0; i < na.size(); i++) {
            for (int x = 0; x < 3; x++) {
                r[3 * i + x] = p[3 * i + x];
                r[3 * (na.size() + i) + x] = p[3 * i + x] + (x == 0 ? a / 2 : 0);
            }
            types[na.size() + i] = 1;
        }
        Atoms nacl = new Atoms(r, types, List.of("Na", "Cl"), new double[] {22.99, 35.45}, na.box());
        double dr = 0.0173;   // shells fall inside bins, not on edges
        Rdf.Result res = Rdf.compute(nacl, 260 * dr, 260);
        double rhoCl = 0.5 * nacl.size() / nacl.box().volume();
        int b1 = bin(a / 2, dr);
        int b2 = bin(a / Math.sqrt(2), dr);
        double shell1 = 4 * Math.PI / 3 * (Math.pow((b1 + 1) * dr, 3) - Math.pow(b1 * dr, 3));
        double shell2 = 4 * Math.PI / 3 * (Math.pow((b2 + 1) * dr, 3) - Math.pow(b2 * dr, 3));
        assertEquals(6, res.partial().get("Na-Cl")[b1] * rhoCl * shell1, 1e-9, "6 Cl around Na");
        assertEquals(6, res.partial().get("Cl-Na")[b1] * rhoCl * shell1, 1e-9, "6 Na around Cl");
        assertEquals(0, res.partial().get("Na-Na")[b1], 0);
        assertEquals(12, res.partial().get("Cl-Cl")[b2] * rhoCl * shell2, 1e-9, "12 Cl around Cl");
        assertEquals(0, res.partial().get("Na-Cl")[b2], 0);
        // the smooth partial integrates to the same shells
        NeighborList nl = new NeighborListBuilder(5.0, 0, true).build(nacl);
        double[] grid = new double[230];
        for (int k = 0; k < grid.length; k++) grid[k] = 2.2 + k * 0.01;
        double[] naCl = ts.toDoubleArray(Rdf.smooth(o, Statics.positions(o, nacl), Statics.cell(o, nacl), nacl, 0, 1, nl, grid, 0.08).value());
        double[] clCl = ts.toDoubleArray(Rdf.smooth(o, Statics.positions(o, nacl), Statics.cell(o, nacl), nacl, 1, 1, nl, grid, 0.08).value());
        double iNaCl = 0;
        double iClCl = 0;
        for (int k = 0; k < grid.length; k++) {
            double w = rhoCl * 4 * Math.PI * grid[k] * grid[k] * 0.01;
            if (grid[k] < 3.4) iNaCl += w * naCl[k];
            if (grid[k] > 3.4) iClCl += w * clCl[k];
        }
        assertEquals(6, iNaCl, 1e-3, "smooth Na-Cl first shell");
        assertEquals(12, iClCl, 1e-3, "smooth Cl-Cl first shell");
    }

    @Test
    void randomGasTendsToOne() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 1500;
        double l = 11.0;
        double[] r = new double[3 * n];
        for (int k = 0; k < r.length; k++) r[k] = l * rng.nextDouble();
        Atoms gas = Atoms.of(r, "Ar", 39.948, Box.orthorhombic(l, l, l));
        Rdf.Result res = Rdf.compute(gas, 4.0, 20);
        double mean = 0;
        for (int b = 5; b < 20; b++) {
            assertEquals(1, res.g()[b], 0.12, "bin " + b);
            mean += res.g()[b] / 15;
        }
        assertEquals(1, mean, 0.03);
    }

    @Test
    void smoothRdfIntegratesToTheFirstShellAndIsDifferentiable() {
        Atoms fcc = Lattices.build("fcc", A, new int[] {2, 2, 2}, "Cu", 63.546);
        NeighborList nl = new NeighborListBuilder(3.2, 0, true).build(fcc);
        double[] grid = new double[120];
        for (int k = 0; k < grid.length; k++) grid[k] = 2.0 + k * 0.01;
        Var g = Rdf.smooth(o, Statics.positions(o, fcc), Statics.cell(o, fcc), nl, grid, 0.08);
        double[] gv = ts.toDoubleArray(g.value());
        double rho = fcc.size() / fcc.box().volume();
        double integral = 0;
        for (int k = 0; k < grid.length; k++) integral += rho * 4 * Math.PI * grid[k] * grid[k] * gv[k] * 0.01;
        assertEquals(12, integral, 1e-3, "first shell by the smooth g(r)");

        // through one steepest-descent step of lj/cut: g depends on ε and σ via the structure
        double[] r = fcc.positions();
        SplittableRandom rng = new SplittableRandom(3);
        for (int k = 0; k < r.length; k++) r[k] += 0.05 * (2 * rng.nextDouble() - 1);
        Atoms displaced = fcc.withPositions(r);
        LjCut lj = new LjCut(0.4, 2.3, 3.2, false);
        NeighborList nld = new NeighborListBuilder(3.2, 0, true).build(displaced);
        Var r0 = Statics.positions(o, displaced);
        Var h = Statics.cell(o, displaced);
        double[] coarse = {2.3, 2.5, 2.7};
        new GradCheck(ad, 1e-6, 1e-6, 1e-5, 5).check(x -> {
            Object params = new LjCut.Params(x[0], x[1]);
            Var grad = ad.grad((Var q) -> lj.energy(o, q, h, params, displaced, nld), r0);
            Var relaxed = o.sub(r0, o.mul(grad, o.scalarLike(grad, 0.01)));
            return Rdf.smooth(o, relaxed, h, nld, coarse, 0.1);
        }, new Var[] {o.constant(new double[] {0.4}, 1, 1), o.constant(new double[] {2.3}, 1, 1)}, 1);
        new GradCheck(ad, 1e-6, 1e-6, 1e-5, 6).check(x -> Rdf.smooth(o, x[0], x[1], nld, coarse, 0.1), new Var[] {r0, h}, 1);
    }
}
