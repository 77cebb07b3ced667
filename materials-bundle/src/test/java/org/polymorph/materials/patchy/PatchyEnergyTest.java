package org.polymorph.materials.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class PatchyEnergyTest {
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());
    private final Ops o = ad.ops();

    /** Two 2D one-patch particles (core radius 1 at the origin, patch at angle 0 on radius 1), one patch species. */
    private static PatchyModel model2d(Cutoff cutoff) {
        return new PatchyModel(2, List.of(new BodyType("A", new double[][] {{0, 0}}, new int[] {0})), 1, cutoff);
    }

    private static double morse(double eps, double alpha, double r) {
        double m = 1 - Math.exp(-alpha * r);
        return eps * (m * m - 1);
    }

    @Test
    void energyIsSoftSpherePlusMorseAndCutoffFollowsJaxMd() {
        PatchyParams p = PatchyParams.of(o, 2, new double[][] {{1, 0}}, new double[][] {{20}}, new double[][] {{9}}, 0, 10000, 2, 2);
        // body 0 at the origin facing +x, body 1 at (1.9, 0) facing −x: patches 0.1 apart, cores 1.9 apart (overlap 0.1)
        Var q = o.constant(new double[] {0, 0, 0, 1.9, 0, Math.PI}, 2, 3);
        int[] types = {0, 0};
        double soft = 10000 / 2.0 * Math.pow(1 - 1.9 / 2, 2);
        assertEquals(soft + morse(20, 9, 0.1), new PatchyEnergy(model2d(Cutoff.jaxMd(1.0))).energy(o, q, types, null, p).item(), 1e-9);
        // patches 1.9 apart (facing each other), cores 3.9 apart: jax-md keeps the Morse tail below r = 2 whatever r_cutoff says
        Var away = o.constant(new double[] {0, 0, 0, 3.9, 0, Math.PI}, 2, 3);
        double tail = morse(20, 9, 1.9);
        assertEquals(tail, new PatchyEnergy(model2d(Cutoff.jaxMd(1.0))).energy(o, away, types, null, p).item(), 1e-15);
        assertEquals(0, new PatchyEnergy(model2d(Cutoff.plain(1.0))).energy(o, away, types, null, p).item(), 0);
        Var far = o.constant(new double[] {0, 0, 0, 4.1, 0, Math.PI}, 2, 3);
        assertEquals(0, new PatchyEnergy(model2d(Cutoff.jaxMd(1.0))).energy(o, far, types, null, p).item(), 0);
        // the switch between r_on and r_c: S(r) at the midpoint of the toolbox's 0.8..1.6
        Cutoff sw = Cutoff.switched(0.8, 1.6);
        double r = 1.2, rc2 = 2.56, ro2 = 0.64, r2 = r * r;
        assertEquals((rc2 - r2) * (rc2 - r2) * (rc2 + 2 * r2 - 3 * ro2) / Math.pow(rc2 - ro2, 3), sw.factor(r), 1e-15);
        assertEquals(sw.factor(r), sw.factor(o, o.constant(new double[] {r})).item(), 1e-15);
    }

    /** Gradients (first and second order, forward and reverse) w.r.t. coordinates and every parameter. */
    private void checkAll(PatchyModel model, double[] q, int n, double[][] refs, double[][] patches, double[][] eps, double[][] alpha) {
        PatchyEnergy energy = new PatchyEnergy(model);
        int c = model.coordinatesPerBody(), d = model.dimension();
        int[] types = new int[n];
        for (int i = 0; i < n; i++) types[i] = i % model.types().size();
        PatchyParams p0 = PatchyParams.of(o, d, patches, eps, alpha, 0.1, 50, 1.0, 2.5);
        int t = patches.length;
        Var[] x = new Var[t + 7];
        x[0] = o.constant(q, n, c);
        System.arraycopy(p0.patches(), 0, x, 1, t);
        x[t + 1] = p0.morseEps();
        x[t + 2] = p0.morseAlpha();
        x[t + 3] = p0.morseR0();
        x[t + 4] = p0.coreEps();
        x[t + 5] = p0.coreSigma();
        x[t + 6] = p0.coreAlpha();
        new GradCheck(ad).check(v -> {
            Var[] pt = new Var[t];
            System.arraycopy(v, 1, pt, 0, t);
            return energy.energy(o, v[0], types, refs, new PatchyParams(pt, v[t + 1], v[t + 2], v[t + 3], v[t + 4], v[t + 5], v[t + 6]));
        }, x, 2);
    }

    @Test
    void gradientsAndHessians2dMatchCentralDifferences() {
        PatchyModel m = new PatchyModel(2, List.of(new BodyType("A", new double[][] {{0, 0}}, new int[] {0, 1})), 2, Cutoff.switched(0.6, 1.2));
        double[] q = {0, 0, 0.1, 0.95, 0.05, 2.9, 0.4, 0.8, -1.7};
        checkAll(m, q, 3, null, new double[][] {{0.5, 0, 0, 0.5}}, new double[][] {{1, 6}, {6, 2}}, new double[][] {{5, 7}, {7, 6}});
    }

    @Test
    void gradientsAndHessians3dMatchCentralDifferences() {
        BodyType a = new BodyType("A", new double[][] {{0, 0, 0}}, new int[] {0, 1, 0});
        BodyType b = new BodyType("B", new double[][] {{0, 0, 0}, {0, 0, 0.4}}, new int[] {1});
        PatchyModel m = new PatchyModel(3, List.of(a, b), 2, Cutoff.jaxMd(1.0));
        double[] q = {0, 0, 0, 0.1, -0.2, 0.05, 0.9, 0.1, -0.1, 0.3, 0.2, -0.4, 0.2, 0.85, 0.3, -0.1, 0.0, 0.25};
        double[][] refs = {{1, 0, 0, 0, 1, 0, 0, 0, 1}, {0, -1, 0, 1, 0, 0, 0, 0, 1}, {1, 0, 0, 0, 0, -1, 0, 1, 0}};
        checkAll(m, q, 3, refs, new double[][] {{0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5}, {0.45, 0.1, 0.2}},
                new double[][] {{2, 5}, {5, 1}}, new double[][] {{4, 6}, {6, 5}});
    }

    /** Patches placed by angles: energy derivatives w.r.t. the angles (2D on a circle, 3D polar and azimuth), to second order. */
    @Test
    void gradientsWithRespectToPatchAngles() {
        PatchyModel m2 = new PatchyModel(2, List.of(new BodyType("A", new double[][] {{0, 0}}, new int[] {0, 0})), 1, Cutoff.jaxMd(1.0));
        PatchyParams p2 = PatchyParams.of(o, 2, new double[][] {{0, 0, 0, 0}}, new double[][] {{6}}, new double[][] {{5}}, 0, 100, 1, 2);
        Var q2 = o.constant(new double[] {0, 0, 0.2, 0.9, 0.1, 3.0, 0.3, 0.85, -1.9}, 3, 3);
        PatchyEnergy e2 = new PatchyEnergy(m2);
        new GradCheck(ad).check(v -> e2.energy(o, q2, new int[3], null, new PatchyParams(new Var[] {PatchGeometry.circle(o, v[0], 0.45)},
                p2.morseEps(), p2.morseAlpha(), p2.morseR0(), p2.coreEps(), p2.coreSigma(), p2.coreAlpha())),
                new Var[] {o.constant(new double[] {0.5, -0.6}, 2)}, 2);
        PatchyModel m3 = new PatchyModel(3, List.of(new BodyType("A", new double[][] {{0, 0, 0}}, new int[] {0, 0, 0})), 1, Cutoff.jaxMd(1.0));
        PatchyParams p3 = PatchyParams.of(o, 3, new double[][] {new double[9]}, new double[][] {{6}}, new double[][] {{5}}, 0, 100, 1, 2);
        Var q3 = o.constant(new double[] {0, 0, 0, 0.1, 0.2, -0.1, 0.9, 0.1, 0.05, 0.3, -0.2, 0.4}, 2, 6);
        PatchyEnergy e3 = new PatchyEnergy(m3);
        // jax-md's thetas_to_shape_3D: one patch at the pole, two at polar angle θ with azimuths ±120°
        new GradCheck(ad).check(v -> e3.energy(o, q3, new int[2], null, new PatchyParams(new Var[] {PatchGeometry.sphere(o, v[0], v[1], 0.5)},
                p3.morseEps(), p3.morseAlpha(), p3.morseR0(), p3.coreEps(), p3.coreSigma(), p3.coreAlpha())),
                new Var[] {o.constant(new double[] {0, 1.9, 1.9}, 3), o.constant(new double[] {0, 2.1, -2.1}, 3)}, 2);
        assertEquals(0.45 * Math.cos(0.5), o.tensors().toDoubleArray(PatchGeometry.circle(o, o.constant(new double[] {0.5}, 1), 0.45).value())[0], 1e-15);
    }
}
