package org.polymorph.materials.internal.mlpotential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.polymorph.autodiff.AD;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * The energy/force training data of the RDF experiment (issue 6 item 4) and the untrained network it starts from.
 * Phases, all Langevin NVT (γ = 10 ps⁻¹) at the volume of {@code x0} with the reference potential labelling each frame:
 * for each crystal temperature T_c: the crystal (50 warm-up steps, {@code perPhase} frames every {@code every} steps) and
 * four strained crystals (±2 % volume, ±1 % shear; 20 warm-up steps, perPhase/2 frames); a melt at {@code meltT} (1500
 * steps); for each liquid temperature T_l: the liquid (300 steps from the melt, frames every 2·every); with {@code quench},
 * an amorphous quench 1500 → 300 K from the first liquid (500 steps, then frames). Seeds: seed (+100 per further
 * temperature) for crystals, +10..13 strains, +20 melt, +21 liquids, +22 quench (the numbers of {@link MlpRdfDemo}).
 */
public final class TrainingSet {
    /** Temperatures (K) of crystal and liquid phases, quench or not, melt temperature (K), frames per phase, stride, seed. */
    public record Spec(double[] crystal, double[] liquid, boolean quench, double meltT, int perPhase, int every, long seed) {
        public Spec {
            if (crystal.length + liquid.length == 0) throw new IllegalArgumentException("training set: no crystal and no liquid temperature; give at least one");
            if (quench && liquid.length == 0) throw new IllegalArgumentException("training set: quench needs a liquid temperature; give one or quench=false");
            for (double t : concat(crystal, liquid)) {
                if (!(t > 0)) throw new IllegalArgumentException("training set: temperature " + t + " K; give temperatures > 0");
            }
            if (perPhase < 1 || every < 1) throw new IllegalArgumentException("training set: frames " + perPhase + ", every " + every + "; give both >= 1");
        }
    }

    /** Labelled frames (in generation order) and the last frame of the first liquid (a start for liquid MD; null without liquids). */
    public record Data(List<ForceMatching.Sample> samples, Atoms liquid) {
        /** Every fourth frame (index % 4 == 3) is test data, the rest training data: {train, test}. */
        public List<List<ForceMatching.Sample>> split() {
            List<ForceMatching.Sample> train = new ArrayList<>();
            List<ForceMatching.Sample> test = new ArrayList<>();
            for (int k = 0; k < samples.size(); k++) (k % 4 == 3 ? test : train).add(samples.get(k));
            return List.of(train, test);
        }
    }

    private TrainingSet() { }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * The frames of {@code spec} from crystal {@code x0} labelled by {@code ref} (dt in ps); {@code phase} hears each phase's name and
     * {@code tick} runs at every MD step (a cancellation check: it may throw to stop).
     */
    public static Data generate(Potential ref, Atoms x0, Spec spec, double dt, Consumer<String> phase, Runnable tick) {
        Consumer<String> say = phase == null ? x -> { } : phase;
        List<ForceMatching.Sample> data = new ArrayList<>();
        double v = Math.cbrt(1.02) - 1;
        double[][] strains = {{v, 0, 0, 0, v, 0, 0, 0, v}, {-v, 0, 0, 0, -v, 0, 0, 0, -v}, {0, 0.01, 0, 0.01, 0, 0, 0, 0, 0}, {0, 0, -0.01, 0, 0, 0, -0.01, 0, 0}};
        int every = spec.every();
        for (int c = 0; c < spec.crystal().length; c++) {
            double t = spec.crystal()[c];
            long seed = spec.seed() + 100L * c;
            say.accept(String.format(java.util.Locale.ROOT, "training data: crystal at %.0f K", t));
            data.addAll(ForceMatching.md(ref, x0, t, t, 50, spec.perPhase(), every, dt, seed, tick));
            for (int k = 0; k < strains.length; k++) {
                data.addAll(ForceMatching.md(ref, x0.strained(strains[k]), t, t, 20, Math.max(1, spec.perPhase() / 2), every, dt, seed + 10 + k, tick));
            }
        }
        Atoms liquidStart = null;
        if (spec.liquid().length > 0) {
            say.accept(String.format(java.util.Locale.ROOT, "training data: melting at %.0f K", spec.meltT()));
            Atoms melt = ForceMatching.md(ref, x0, spec.meltT(), spec.meltT(), 1500, 1, 1, dt, spec.seed() + 20, tick).get(0).atoms();
            for (int q = 0; q < spec.liquid().length; q++) {
                double t = spec.liquid()[q];
                say.accept(String.format(java.util.Locale.ROOT, "training data: liquid at %.0f K", t));
                List<ForceMatching.Sample> liquid = ForceMatching.md(ref, melt, t, t, 300, spec.perPhase(), 2 * every, dt, spec.seed() + 21 + 100L * q, tick);
                data.addAll(liquid);
                if (q == 0) liquidStart = liquid.get(liquid.size() - 1).atoms();
            }
            if (spec.quench()) {
                say.accept("training data: quench 1500 -> 300 K");
                data.addAll(ForceMatching.md(ref, liquidStart, 1500, 300, 500, spec.perPhase(), 2 * every, dt, spec.seed() + 22, tick));
            }
        }
        return new Data(data, liquidStart);
    }

    /**
     * The untrained network: {@code radial} G² functions on [2 Å, r_c) and six G⁴ (η = 0.05 Å⁻²), hidden widths {@code hidden},
     * weights from {@code seed}, a fixed core repulsion 1500 eV·(1 − r/2 Å)³ below 2 Å, descriptors normalised over {@code train}
     * and e₀, s the mean and spread (floored at 0.05 eV) of the energy per atom of {@code train}.
     */
    public static BehlerParrinello initialModel(AD ad, List<ForceMatching.Sample> train, double cutoff, int radial, int[] hidden, long seed) {
        SymmetryFunctions sf = SymmetryFunctions.grid(cutoff, radial, 2.0, 0.05);
        int kc = sf.count();
        double[] one = new double[kc];
        Arrays.fill(one, 1);
        BehlerParrinello model = BehlerParrinello.create(ad, sf, hidden, RandomKey.of(seed), new double[kc], one, 0, 1).withCore(1500, 2.0);
        double[][] norm = ForceMatching.normalisation(model, train);
        double eMean = 0;
        double e2 = 0;
        for (ForceMatching.Sample s : train) {
            double e = s.energy() / s.atoms().size();
            eMean += e / train.size();
            e2 += e * e / train.size();
        }
        return model.withNormalisation(norm[0], norm[1], eMean, Math.max(Math.sqrt(Math.max(e2 - eMean * eMean, 0)), 0.05));
    }
}
