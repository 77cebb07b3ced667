package org.polymorph.materials.internal.mlpotential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.StillingerWeber;
import org.polymorph.materials.structure.Atoms;

class FittingTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final AD ad = new AutodiffEngines().create(ts);
    private final Ops o = ad.ops();
    private final SymmetryFunctions sf = SymmetryFunctions.grid(3.6, 5, 2.0, 0.05);

    private BehlerParrinello model(double e0) {
        double[] s = new double[sf.count()];
        java.util.Arrays.fill(s, 0.5);
        return BehlerParrinello.create(ad, sf, new int[] {8}, RandomKey.of(11), new double[sf.count()], s, e0, 0.2);
    }

    @Test
    void forceMatchingLearnsStillingerWeberEnergiesAndForces() {
        StillingerWeber sw = StillingerWeber.read(Oracles.potentialFile("Si.sw"), List.of("Si"));
        List<ForceMatching.Sample> data = new ArrayList<>();
        for (int k = 0; k < 8; k++) data.add(ForceMatching.label(sw, BehlerParrinelloTest.silicon(1, 0.04 + 0.02 * k, 20 + k)));
        BehlerParrinello start = model(data.get(0).energy() / 8);
        double[][] norm = ForceMatching.normalisation(start, data);
        start = start.withNormalisation(norm[0], norm[1], data.get(0).energy() / 8, 0.1);
        ForceMatching.Errors before = ForceMatching.errors(start, data);
        BehlerParrinello fit = ForceMatching.train(ad, start, data, 0.1, 150, 0.01);
        ForceMatching.Errors after = ForceMatching.errors(fit, data);
        System.out.println("force matching (8 samples, 150 Adam steps): " + before + " -> " + after);
        assertTrue(after.force() < 0.5 * before.force(), "force RMSE " + before.force() + " -> " + after.force() + " eV/A");
        assertTrue(after.energyPerAtom() < before.energyPerAtom(), "energy RMSE " + before.energyPerAtom() + " -> " + after.energyPerAtom() + " eV/atom");
    }

    @Test
    void forcesFromSparseDescriptorJacobianEqualTheFusedKernel() {
        BehlerParrinello bp = model(-4.3).withCore(1500, 2.3);
        Atoms a = BehlerParrinelloTest.silicon(1, 0.15, 31);
        double[] p = ForceMatching.predicted(ad, bp, new ForceMatching.Sample(a, 0, new double[24]));
        var ev = bp.compute(a, ForceMatching.list(bp, a));
        assertEquals(ev.energy(), p[0], 1e-10);
        for (int i = 0; i < 24; i++) assertEquals(ev.forces()[i], p[1 + i], 1e-10, "force " + i);
    }

    @Test
    void virialFromDescriptorStrainDerivativesEqualsTheFusedKernel() {
        BehlerParrinello bp = model(-4.3).withCore(1500, 2.3);
        Atoms a = BehlerParrinelloTest.silicon(1, 0.15, 31).strained(new double[] {0.02, 0.01, 0, 0.01, -0.01, 0, 0, 0, 0.005});
        double[] p = ForceMatching.predicted(ad, bp, new ForceMatching.Sample(a, 0, new double[24], new double[6]));
        double[] w = bp.compute(a, ForceMatching.list(bp, a)).virial();
        double scale = 0;
        for (double x : w) scale = Math.max(scale, Math.abs(x));
        for (int c = 0; c < 6; c++) assertEquals(w[c], p[25 + c], 1e-8 * scale, "virial component " + c + " (central differences of G, step 1e-5)");
    }

    @Test
    void aStressTermTeachesTheVirial() {
        StillingerWeber sw = StillingerWeber.read(Oracles.potentialFile("Si.sw"), List.of("Si"));
        List<ForceMatching.Sample> data = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            double e = 0.03 * (k - 2.5) / 2.5;   // ±3 % hydrostatic strain: pressures of several GPa
            data.add(ForceMatching.label(sw, BehlerParrinelloTest.silicon(1, 0.05, 60 + k).strained(new double[] {e, 0, 0, 0, e, 0, 0, 0, e})));
        }
        BehlerParrinello start = model(data.get(0).energy() / 8);
        double[][] norm = ForceMatching.normalisation(start, data);
        start = start.withNormalisation(norm[0], norm[1], data.get(0).energy() / 8, 0.1);
        double[] err = new double[2];
        for (int s = 0; s < 2; s++) {
            org.polymorph.optimizers.Optimizer adam = org.polymorph.optimizers.Optimizers.adam(o, org.polymorph.optimizers.Schedule.constant(0.01), 0.9, 0.999, 1e-8);
            Object params = start.parameters(o);
            Object fit = ForceMatching.train(ad, start, data, 0.1, s == 0 ? 0 : 1.0, adam, params, adam.init(params), 0, 80, null);
            err[s] = ForceMatching.virialError(start.withParameters(fit), data);
        }
        System.out.printf("virial RMS per atom after 80 Adam steps: %.4f eV without the stress term, %.4f eV with it%n", err[0], err[1]);
        assertTrue(err[1] < 0.5 * err[0], err[1] + " vs " + err[0]);
    }

    @Test
    void rdfLossGradientMatchesFiniteDifferencesAndReweightingIsUniformAtTheSamplingWeights() {
        BehlerParrinello bp = model(-4.3);
        List<Atoms> frames = new ArrayList<>();
        for (int k = 0; k < 4; k++) frames.add(BehlerParrinelloTest.silicon(1, 0.1 + 0.03 * k, 40 + k));
        double[] r = new double[20];
        for (int k = 0; k < r.length; k++) r[k] = 2.0 + 0.15 * k;
        RdfMatching.Frames f = RdfMatching.frames(o, bp, frames, r, 0.1, 1800);
        Object params = bp.parameters(o);
        double[] w = ts.toDoubleArray(RdfMatching.weights(o, bp, f, params).value());
        for (double x : w) assertEquals(0.25, x, 1e-12, "w_s = 1/S at θ = θ0");
        double[] target = RdfMatching.meanG(o, frames, r, 0.1);
        for (int k = 0; k < target.length; k++) target[k] *= 0.9;
        Trees.Flat flat = Trees.flatten(params, o);
        // FD of the whole reweighted loss (U_θ through the network, softmax weights, weighted g) with ε = 1e-5: tolerance 1e-6 abs + rel
        new GradCheck(ad, 1e-5, 1e-6, 1e-6, 3).check(x -> RdfMatching.loss(o, bp, f, Trees.unflatten(flat.def(), List.of(x)), target, 0.15),
                flat.leaves().toArray(new Var[0]), 1);
        Var g = (Var) Trees.flatten(ad.grad(p -> RdfMatching.loss(o, bp, f, p, target, 0.15), params), o).leaves().get(0);
        double norm = 0;
        for (double x : ts.toDoubleArray(g.value())) norm += x * x;
        assertTrue(norm > 0, "the loss depends on the weights through the Boltzmann factors");
    }
}
