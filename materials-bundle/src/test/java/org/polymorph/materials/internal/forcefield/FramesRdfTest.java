package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.properties.Rdf;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** The frames' RDF primitive equals the op-by-op smooth RDF averaged over the frames, and its rules match central differences. */
class FramesRdfTest {
    private final AD ad = org.polymorph.materials.TestServices.ad();
    private final Ops o = ad.ops();
    private final Atoms fcc = Lattices.build("fcc", 4.0, new int[] {2, 2, 2}, "A", 1.0);
    private final double[] grid = MdCurves.rdfGrid(3.8);

    private double[] frames(int f, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] r0 = fcc.positions(), out = new double[f * r0.length];
        for (int s = 0; s < f; s++) for (int i = 0; i < r0.length; i++) out[s * r0.length + i] = r0[i] + 0.3 * (2 * rnd.nextDouble() - 1);
        return out;
    }

    @Test
    void equalsTheSmoothRdfAveragedOverFrames() {
        int f = 3, n3 = 3 * fcc.size();
        double[] x = frames(f, 1);
        double[] fast = o.tensors().toDoubleArray(new FramesRdf(ad, fcc, grid, 0.1, f).of(o.constant(x, f, fcc.size(), 3)).value());
        double[] slow = new double[grid.length];
        NeighborListBuilder b = new NeighborListBuilder(grid[grid.length - 1] + 8 * 0.1, 0, true);
        for (int s = 0; s < f; s++) {
            double[] r = java.util.Arrays.copyOfRange(x, s * n3, (s + 1) * n3);
            Atoms a = fcc.withPositions(r);
            double[] g = o.tensors().toDoubleArray(Rdf.smooth(o, o.constant(r, fcc.size(), 3), o.constant(fcc.box().h(), 3, 3), b.build(a), grid, 0.1).value());
            for (int k = 0; k < g.length; k++) slow[k] += g[k] / f;
        }
        double scale = 0;
        for (double v : slow) scale = Math.max(scale, Math.abs(v));
        for (int k = 0; k < grid.length; k++) assertEquals(slow[k], fast[k], 1e-12 * scale, "g(r_" + k + ")");
    }

    /**
     * The VJP (each pair's window summed as a polynomial) is the transpose of the JVP (the window walked point by point):
     * ⟨JVP δ, c⟩ = ⟨δ, VJP c⟩, at σ = 0.1 Å (every window whole or cut by the grid's end) and σ = 0.5 Å (windows cut by
     * the grid's start too); a relative error of 1e-11 in the polynomial sums fails it.
     */
    @Test
    void vjpIsTheTransposeOfTheJvp() {
        int f = 3;
        for (double sigma : new double[] {0.1, 0.5}) {
            FramesRdf rdf = new FramesRdf(ad, fcc, grid, sigma, f);
            Var x = o.constant(frames(f, 4), f, fcc.size(), 3);
            SplittableRandom rnd = new SplittableRandom(5);
            double[] delta = new double[3 * f * fcc.size()], c = new double[grid.length];
            for (int i = 0; i < delta.length; i++) delta[i] = 2 * rnd.nextDouble() - 1;
            for (int k = 0; k < c.length; k++) c[k] = 2 * rnd.nextDouble() - 1;
            double[] jvp = o.tensors().toDoubleArray(ad.jvp((Var v) -> rdf.of(v), x, o.constant(delta, f, fcc.size(), 3)).tangent().value());
            double[] vjp = o.tensors().toDoubleArray(ad.vjp((Var v) -> rdf.of(v), x).pullback().apply(o.constant(c, c.length)).value());
            double left = 0, right = 0, scale = 0;
            for (int k = 0; k < c.length; k++) {
                left += jvp[k] * c[k];
                scale += Math.abs(jvp[k] * c[k]);
            }
            for (int i = 0; i < delta.length; i++) right += delta[i] * vjp[i];
            assertEquals(left, right, 1e-13 * scale, "σ = " + sigma);
        }
    }

    @Test
    void rulesMatchFiniteDifferences() {
        int f = 2;
        Var x = o.constant(frames(f, 2), f, fcc.size(), 3);
        FramesRdf rdf = new FramesRdf(ad, fcc, grid, 0.1, f);
        SplittableRandom rnd = new SplittableRandom(3);
        double[] w = new double[grid.length];
        for (int k = 0; k < w.length; k++) w[k] = rnd.nextDouble();
        Var weights = o.constant(w, w.length);
        new GradCheck(ad, 1e-6, 1e-6, 1e-6, 4).check(v -> o.sum(o.mul(rdf.of(v[0]), weights)), new Var[] {x}, 1);
    }
}
