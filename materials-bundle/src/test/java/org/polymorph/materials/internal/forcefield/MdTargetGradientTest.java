package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.potential.FittableStyle;

/**
 * MD-based targets: the differentiable NVE trajectory reproduces Integrators.nve, checkpointing leaves
 * the gradient unchanged, and the outer-loop gradients of the VDOS and RDF losses (reverse mode through
 * 50 steps of 64-atom diamond Si at 300 K with Stillinger–Weber, free epsilon, sigma, lambda; target from an
 * EDIP run) agree with central finite differences of the whole pipeline (steps 1e-5 of the scaled parameters;
 * measured max |AD − FD| / max |FD| = 5.0e-10 (VDOS) and 5.7e-10 (RDF), float64; asserted 1e-5; with 8 atoms
 * and 30 steps 3.2e-8 and 2.3e-8).
 */
class MdTargetGradientTest {
    private final AD ad = org.polymorph.materials.TestServices.ad();

    static Target.Md md(int cells, int steps) { return new Target.Md(cells, 300, 1, 50, steps, 7); }

    static Target.Source edip() { return new Target.Source(null, null, "edip", Oracles.potentialFile("Si.edip")); }

    private Objective objective(List<String> free, Target t) {
        return new Fitter(ad, FixedCatalog.builtin(), new Fit("sw", Oracles.potentialFile("Si.sw"), "Si", free, Map.of(), List.of(t), "lbfgs", 1, 0.01, 0)).objective();
    }

    /** max_j |g_AD − g_FD| / max_j |g_FD| with steps h of each scaled parameter. */
    static double relativeError(Objective f, double[] x, double h) {
        double[] lg = f.lossAndGradient(x);
        double worst = 0;
        double scale = 0;
        for (int j = 0; j < x.length; j++) {
            double[] p = x.clone();
            double[] m = x.clone();
            p[j] += h;
            m[j] -= h;
            double fd = (f.loss(p) - f.loss(m)) / (2 * h);
            System.out.printf("  d/dx%d: AD %.10e FD %.10e%n", j, lg[1 + j], fd);
            worst = Math.max(worst, Math.abs(fd - lg[1 + j]));
            scale = Math.max(scale, Math.abs(fd));
        }
        assertTrue(scale > 1e-4, "the gradient is not trivially zero: " + scale);
        return worst / scale;
    }

    @Test
    void vdosGradientMatchesFiniteDifferences() {
        Objective f = objective(List.of("epsilon", "sigma", "lambda"), new Target.Vdos(md(2, 50), edip(), 2.0, 40, "diamond", 5.431, 1));
        double err = relativeError(f, new double[] {1.02, 0.99, 1.03}, 1e-5);
        System.out.println("vdos gradient relative error " + err);
        assertTrue(err < 1e-5, "vdos: " + err);
    }

    @Test
    void rdfGradientMatchesFiniteDifferences() {
        Objective f = objective(List.of("epsilon", "sigma", "lambda"), new Target.Rdf(md(2, 50), edip(), 0.1, 4.5, 10, "diamond", 5.431, 1));
        double err = relativeError(f, new double[] {1.02, 0.99, 1.03}, 1e-5);
        System.out.println("rdf gradient relative error " + err);
        assertTrue(err < 1e-5, "rdf: " + err);
    }

    @Test
    void differentiableTrajectoryIsVelocityVerletAndCheckpointingKeepsTheGradient() {
        Target t = new Target.Vdos(md(1, 25), edip(), 1.0, 30, "diamond", 5.431, 1);
        Objective f = objective(List.of("epsilon", "lambda"), t);
        MdTargets.Prepared p = f.md().prepare(t);
        double[] x = {1.0, 1.0};
        Ops o = ad.ops();
        MdTrajectory.Frames fr = MdTrajectory.run(ad, p.energy(), org.polymorph.materials.properties.Statics.cell(o, p.atoms()), p.r0(), p.v0(), p.atoms().atomMasses(), 0.001, 25,
                o.constant(x, 2), false);
        Integrator nve = Integrators.nve(PotentialForceField.of(fittable("sw").potential(f.full(x)), 1.0), 0.001, UnitSystem.METAL);
        State s = nve.init(RandomKey.of(0), p.atoms().withPositions(p.r0()), p.v0());
        for (int k = 0; k < 25; k++) s = nve.step(s);
        double[] r = o.tensors().toDoubleArray(o.sliceAxis(fr.positions(), 0, 24, 25).value());
        double[] v = o.tensors().toDoubleArray(o.sliceAxis(fr.velocities(), 0, 24, 25).value());
        for (int i = 0; i < r.length; i++) {
            assertEquals(s.positions()[i], r[i], 1e-10, "position " + i);
            assertEquals(s.velocities()[i], v[i], 1e-9, "velocity " + i);
        }
        double[] a = f.mdLossAndGradient(t, new double[] {1.02, 0.98}, true, () -> { });
        double[] b = f.mdLossAndGradient(t, new double[] {1.02, 0.98}, false, () -> { });
        for (int k = 0; k < a.length; k++) assertEquals(b[k], a[k], 1e-13 * Math.abs(b[k]), "checkpointed and plain reverse mode agree, entry " + k);
    }

    @Test
    void multiTargetFitWithElasticPhononAndVdosTermsDescends() {
        Target.PhononFrequencies ph = new Target.PhononFrequencies(new double[][] {{1, 0, 0}}, new int[][][] {{{0, 1}, {2, 3}, {4, 5}}},
                new double[][] {{4.49, 12.32, 13.90}}, 2, "diamond", 5.431, 0.5);
        List<Target> targets = List.of(new Target.ElasticConstants(165.7, 63.9, 79.6, "diamond", 5.431, 1), ph,
                new Target.Vdos(md(1, 40), edip(), 1.0, 30, "diamond", 5.431, 20));
        Fitter fitter = new Fitter(ad, FixedCatalog.builtin(), new Fit("sw", Oracles.potentialFile("Si.sw"), "Si", List.of("epsilon", "lambda"), Map.of(), targets, "lbfgs", 1, 0.01, 0));
        double[] x = {1.01, 0.98};
        double[] lg = fitter.objective().lossAndGradient(x);
        double sum = 0;
        for (Target t : targets) {
            Objective one = new Fitter(ad, FixedCatalog.builtin(), new Fit("sw", Oracles.potentialFile("Si.sw"), "Si", List.of("epsilon", "lambda"), Map.of(), List.of(t), "lbfgs", 1, 0.01, 0)).objective();
            sum += one.loss(x);
        }
        assertEquals(sum, lg[0], 1e-10 * sum, "the weighted terms add up");
        var r = fitter.run(fitter.fresh(), cp -> { });
        assertEquals(3, r.reports().size());
        assertTrue(r.loss()[r.loss().length - 1] < r.loss()[0], "one L-BFGS step lowers the combined loss: " + java.util.Arrays.toString(r.loss()));
    }

    private static FittableStyle fittable(String style) {
        return FixedCatalog.builtin().provider(style).fittable().orElseThrow();
    }
}
