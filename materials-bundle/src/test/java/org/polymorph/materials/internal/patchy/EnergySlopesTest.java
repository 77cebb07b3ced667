package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyEnergy;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;

class EnergySlopesTest {
    private final Ops o = new AutodiffEngines().create(new ReferenceTensorService()).ops();
    /** Two body types, two patch species, jax-md's switch between r_on = 0.8 and r_c = 1.6 (so the switch's slope counts). */
    private final PatchyModel model = new PatchyModel(2, List.of(new BodyType("A", new double[][] {{0, 0}}, new int[] {0, 1}),
            new BodyType("B", new double[][] {{0, 0}}, new int[] {1, 0, 1})), 2, Cutoff.switched(0.8, 1.6));
    private double[][] patches = {{0.5, 0.0, -0.1, 0.48}, {0.45, 0.2, -0.5, 0.05, 0.1, -0.49}};
    private double[][] eps = {{3.0, 5.0}, {5.0, 2.0}}, alpha = {{6.0, 4.0}, {4.0, 7.0}};
    private double r0 = 0.05, coreEps = 100;
    private final int[] types = {0, 1, 0, 1};
    /** (x, y, θ) per body: a tight cluster with one core overlap (bodies 0 and 1 at 0.95) and patches in range. */
    private final double[][] q = {{0, 0, 0.3}, {0.95, 0.1, 2.9}, {0.2, 1.1, -1.2}, {1.3, 1.05, 1.9}};

    private double energy() {
        PatchyParams p = PatchyParams.of(o, 2, patches, eps, alpha, r0, coreEps, 1, 2);
        double[] flat = new double[12];
        for (int i = 0; i < 4; i++) System.arraycopy(q[i], 0, flat, 3 * i, 3);
        return new PatchyEnergy(model).energy(o, o.constant(flat, 4, 3), types, null, p).item();
    }

    private EnergySlopes.Slopes slopes(double[] box, double shift) {
        double[][] moved = new double[4][];
        // wrapped into [0, 6): with shift 5.4 the cluster straddles both periodic edges
        for (int i = 0; i < 4; i++) moved[i] = new double[] {wrap(q[i][0] + shift), wrap(q[i][1] - shift), q[i][2]};
        return new EnergySlopes(model, patches, eps, alpha, r0, coreEps, 1, 2).of(Configuration.planar(types, moved, box));
    }

    private static double wrap(double x) { return x - 6 * Math.floor(x / 6); }

    /** Central difference of PatchyEnergy's energy (autodiff ops, open boundaries) when {@code set} moves one parameter by ±h. */
    private double central(Function<Double, Runnable> set, double at, double h) {
        set.apply(at + h).run();
        double up = energy();
        set.apply(at - h).run();
        double down = energy();
        set.apply(at).run();
        return (up - down) / (2 * h);
    }

    private static void close(double fd, double analytic, String what) {
        assertTrue(Math.abs(fd - analytic) <= 1e-7 * Math.max(1, Math.abs(fd)), what + ": central difference " + fd + ", analytic " + analytic);
    }

    @Test
    void slopesEqualCentralDifferencesOfTheEnergy() {
        EnergySlopes.Slopes s = slopes(null, 0);
        assertEquals(energy(), s.energy(), 1e-10 * Math.abs(s.energy()), "the same energy as PatchyEnergy");
        assertTrue(Math.abs(s.coreEps()) > 1e-4 && Math.abs(s.eps()[0][1]) > 1e-3 && Math.abs(s.alpha()[1][1]) > 1e-3,
                "the cluster exercises cores and both species: " + s);
        double h = 1e-5;
        for (int a = 0; a < 2; a++) {
            for (int b = a; b < 2; b++) {
                final int i = a, j = b;
                close(central(v -> () -> { eps[i][j] = v; eps[j][i] = v; }, eps[a][b], h), s.eps()[a][b], "dU/deps_" + a + b);
                close(central(v -> () -> { alpha[i][j] = v; alpha[j][i] = v; }, alpha[a][b], h), s.alpha()[a][b], "dU/dalpha_" + a + b);
            }
        }
        close(central(v -> () -> coreEps = v, coreEps, h), s.coreEps(), "dU/dcore_eps");
        for (int t = 0; t < patches.length; t++) {
            for (int k = 0; k < patches[t].length; k++) {
                final int tt = t, kk = k;
                close(central(v -> () -> patches[tt][kk] = v, patches[t][k], h), s.patches()[t][k], "dU/dpatch[" + t + "][" + k + "]");
            }
        }
    }

    @Test
    void periodicImagesGiveTheSameSlopes() {
        EnergySlopes.Slopes open = slopes(null, 0), wrapped = slopes(new double[] {6, 6}, 5.4);
        assertEquals(open.energy(), wrapped.energy(), 1e-12);
        assertEquals(open.coreEps(), wrapped.coreEps(), 1e-12);
        for (int t = 0; t < patches.length; t++) {
            for (int k = 0; k < patches[t].length; k++) assertEquals(open.patches()[t][k], wrapped.patches()[t][k], 1e-10);
        }
    }
}
