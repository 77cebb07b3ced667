package org.polymorph.materials.internal.mlpotential;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The experiment of issue 6 item 4 (arXiv:2409.13844): a Behler–Parrinello network trained on energies and forces of
 * Stillinger–Weber silicon (crystal 300 K, ±2 % volumetric and shear strained crystals, liquid 2000 K, quenched
 * amorphous; 64 atoms) is fine-tuned with {@link RdfMatching} (DiffTRe) on the SW liquid g(r) at one temperature; the
 * L2 distance of its g(r) to SW's is then compared, before and after, at that temperature and at an unseen one.
 * All MD is Langevin NVT (γ = 10 ps⁻¹, dt = 1 fs) at the crystal's volume (a = 5.431 Å); the network has a fixed core
 * repulsion below 2 Å ({@link BehlerParrinello#withCore}); g(r) is {@link org.polymorph.materials.properties.Rdf#smooth}
 * (width 0.1 Å) on 1.8–5.23 Å. {@link Report#l2Noise} is the L2 distance between two independent SW runs at the unseen
 * temperature: differences below it are sampling noise. Sizes come from {@link Config}: {@link Config#fast} checks that
 * the pipeline runs (about 25 s; too small for a meaningful comparison), {@link Config#full} is the experiment (minutes).
 */
public final class MlpRdfDemo {
    /**
     * @param perPhase   labelled frames per phase (crystal, each strain, liquid, amorphous)
     * @param hidden     hidden layer widths
     * @param trainSteps Adam steps of force matching; {@code lr} its learning rate; {@code forceWeight} w (Å² / atom²)
     * @param tFit       fine-tuning temperature (K); {@code tUnseen} the test temperature (K)
     * @param rounds     DiffTRe samplings; {@code stepsPerRound} Adam steps per sampling at rate {@code fitLr}
     * @param warm       MD steps before sampling; {@code frames} frames every {@code every} steps (dt = 1 fs)
     * @param refFrames  frames of each reference (SW) and evaluation g(r), every 2·{@code every} steps
     */
    public record Config(int perPhase, int[] hidden, int trainSteps, double lr, double forceWeight, double tFit, double tUnseen,
                         int rounds, int stepsPerRound, double fitLr, int warm, int frames, int every, int refFrames, long seed) {
        public static Config fast() {
            return new Config(4, new int[] {12}, 150, 0.01, 0.1, 2200, 3000, 4, 5, 0.002, 100, 20, 10, 40, 7);
        }

        public static Config full() {
            return new Config(12, new int[] {12, 12}, 400, 0.01, 0.1, 2200, 3000, 25, 10, 0.005, 200, 80, 10, 300, 7);
        }
    }

    /** RMSEs (eV/atom, eV/Å), L2 distances of g(r) to the SW reference (Å^½), and the DiffTRe losses per round. */
    public record Report(ForceMatching.Errors train, ForceMatching.Errors test, double l2FitBefore, double l2FitAfter,
                         double l2UnseenBefore, double l2UnseenAfter, double l2Noise, List<Double> losses, double[] r, double[] gRefUnseen,
                         double[] gBeforeUnseen, double[] gAfterUnseen, String timings) {
        @Override public String toString() {
            return String.format("train RMSE %.1f meV/atom, %.3f eV/Å; test RMSE %.1f meV/atom, %.3f eV/Å; "
                    + "L2 g(r) at fit T: %.4f -> %.4f; at unseen T: %.4f -> %.4f (SW vs SW noise %.4f); DiffTRe losses %s; %s",
                    1e3 * train.energyPerAtom(), train.force(), 1e3 * test.energyPerAtom(), test.force(), l2FitBefore, l2FitAfter,
                    l2UnseenBefore, l2UnseenAfter, l2Noise, losses, timings);
        }
    }

    private MlpRdfDemo() { }

    /** Diamond Si, 2×2×2 conventional cells (64 atoms) at a = 5.431 Å. */
    public static Atoms crystal() { return Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855); }

    /** Runs the experiment with reference {@code sw} (the Si.sw potential). */
    public static Report run(AD ad, Potential sw, Config c) {
        Ops o = ad.ops();
        double dt = 0.001;
        StringBuilder times = new StringBuilder("seconds:");
        long[] clock = {System.nanoTime()};
        java.util.function.Consumer<String> lap = what -> {
            long now = System.nanoTime();
            times.append(' ').append(what).append(String.format(" %.1f", (now - clock[0]) / 1e9));
            clock[0] = now;
        };
        Atoms x0 = crystal();
        TrainingSet.Data all = TrainingSet.generate(sw, x0, new TrainingSet.Spec(new double[] {300}, new double[] {2000}, true, 3500, c.perPhase(),
                c.every(), c.seed()), dt, null, () -> { });
        lap.accept("data");
        List<ForceMatching.Sample> train = all.split().get(0);
        List<ForceMatching.Sample> test = all.split().get(1);
        BehlerParrinello model = TrainingSet.initialModel(ad, train, 3.6, 8, c.hidden(), c.seed());
        BehlerParrinello ef = ForceMatching.train(ad, model, train, c.forceWeight(), c.trainSteps(), c.lr());
        lap.accept("train");
        ForceMatching.Errors trainErr = ForceMatching.errors(ef, train);
        ForceMatching.Errors testErr = ForceMatching.errors(ef, test);

        double width = 0.1;
        double[] r = new double[50];
        for (int k = 0; k < r.length; k++) r[k] = 1.8 + k * 0.07;
        double dr = r[1] - r[0];
        Atoms liq = all.liquid();
        int refWarm = 4 * c.warm();
        double[] gFit = RdfMatching.meanG(o, RdfMatching.sample(sw, liq, c.tFit(), refWarm, c.refFrames(), 2 * c.every(), dt, c.seed() + 30, () -> { }), r, width);
        double[] gUnseen = RdfMatching.meanG(o, RdfMatching.sample(sw, liq, c.tUnseen(), refWarm, c.refFrames(), 2 * c.every(), dt, c.seed() + 31, () -> { }), r, width);
        double[] gNoise = RdfMatching.meanG(o, RdfMatching.sample(sw, liq, c.tUnseen(), refWarm, c.refFrames(), 2 * c.every(), dt, c.seed() + 32, () -> { }), r, width);
        lap.accept("reference");
        double[] bFit = RdfMatching.meanG(o, RdfMatching.sample(ef, liq, c.tFit(), refWarm, c.refFrames(), 2 * c.every(), dt, c.seed() + 40, () -> { }), r, width);
        double[] bUnseen = RdfMatching.meanG(o, RdfMatching.sample(ef, liq, c.tUnseen(), refWarm, c.refFrames(), 2 * c.every(), dt, c.seed() + 41, () -> { }), r, width);

        lap.accept("before");
        List<Double> losses = new ArrayList<>();
        BehlerParrinello tuned = RdfMatching.fit(ad, ef, liq, c.tFit(), r, width, gFit, c.rounds(), c.stepsPerRound(), c.fitLr(), 0.6,
                c.warm(), c.frames(), c.every(), dt, c.seed() + 50, losses);
        lap.accept("finetune");
        double[] aFit = RdfMatching.meanG(o, RdfMatching.sample(tuned, liq, c.tFit(), refWarm, c.refFrames(), 2 * c.every(), dt, c.seed() + 40, () -> { }), r, width);
        double[] aUnseen = RdfMatching.meanG(o, RdfMatching.sample(tuned, liq, c.tUnseen(), refWarm, c.refFrames(), 2 * c.every(), dt, c.seed() + 41, () -> { }), r, width);
        lap.accept("after");
        return new Report(trainErr, testErr, RdfMatching.l2(bFit, gFit, dr), RdfMatching.l2(aFit, gFit, dr), RdfMatching.l2(bUnseen, gUnseen, dr),
                RdfMatching.l2(aUnseen, gUnseen, dr), RdfMatching.l2(gNoise, gUnseen, dr), losses, r, gUnseen, bUnseen, aUnseen, times.toString());
    }
}
