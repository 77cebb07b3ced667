package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.patchy.BondRule;
import org.polymorph.materials.patchy.CanonicalEnsemble;
import org.polymorph.materials.patchy.ClusterIntegral;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.EquilibriumYields;
import org.polymorph.materials.patchy.MassAction;
import org.polymorph.materials.patchy.PatchyParams;

/**
 * Equilibrium predictions for a {@link ClusterCase}'s closed set of species: log K of each (length^{d(n−1)}) from
 * the harmonic free energy ({@link EquilibriumYields}; absent where the cluster has no rigid minimum) and from the
 * exact integral ({@link ClusterIntegral}, with its Monte Carlo error), and from each set the shares of the bodies at
 * infinite volume ({@link MassAction}) and in a box of given bodies and volume ({@link CanonicalEnsemble}), the
 * integral's canonical shares with the error its log K errors give (perturbed one species at a time, in quadrature).
 */
final class Predictions {
    private Predictions() { }

    /** log K per species: harmonic (NaN where unavailable, with the reason) and integral with its error. */
    record Constants(List<String> names, double[][] counts, double[] harmonic, String[] harmonicNote, double[] integral, double[] integralError) {
        boolean harmonicComplete() {
            for (double v : harmonic) if (Double.isNaN(v)) return false;
            return true;
        }
    }

    /** The constants at one parameter set; {@code samples} draws per species for the integral (0: no integral). */
    static Constants constants(AD ad, ClusterCase c, PatchyParams params, double kT, BondRule rule, long samples, long seed) {
        SimulateMethod.Values v = SimulateMethod.Values.of(ad.ops(), c.model(), params);
        EquilibriumYields ey = new EquilibriumYields(ad, c.model(), kT);
        PatchyPair pair = PatchyPair.of(c.model(), v.epsMatrix(), v.alphaMatrix(), v.r0(), v.coreEps(), v.coreSigma(), v.coreAlpha());
        double[][][] frames = v.patchFrames(c.model());
        ClusterIntegral integral = new ClusterIntegral(c.model(), frames, new ClusterEnergy(c.model(), frames, pair, kT), rule,
                c.model().cutoff().range());
        List<ClusterSpecies> species = c.species();
        int k = species.size(), types = c.model().types().size();
        List<String> names = new ArrayList<>();
        double[][] counts = new double[k][types];
        double[] harmonic = new double[k], logK = new double[k], error = new double[k];
        String[] note = new String[k];
        for (int s = 0; s < k; s++) {
            ClusterSpecies cs = species.get(s);
            names.add(cs.name());
            for (int t = 0; t < types; t++) counts[s][t] = cs.count(t);
            try {
                harmonic[s] = ey.freeEnergy(cs, params).logQ().item() - cs.size() * ey.logOrientationVolume();
            } catch (ArithmeticException e) {
                // a floppy or spinning mode (3D one-patch bodies spin about their patch axis): the harmonic integral diverges
                harmonic[s] = Double.NaN;
                note[s] = e.getMessage();
            }
            if (samples > 0) {
                ClusterIntegral.Estimate est;
                try {
                    est = integral.estimate(cs.types(), c.targets().get(s), samples, seed + s);
                } catch (ArithmeticException e) {
                    throw BadInputException.forParam("samples", samples, "no draw formed cluster " + cs.name(),
                            "give more samples, or a deeper well so that the cluster binds");
                }
                logK[s] = est.logK();
                error[s] = est.error();
            } else {
                logK[s] = error[s] = Double.NaN;
            }
        }
        return new Constants(List.copyOf(names), counts, harmonic, note, logK, error);
    }

    /** Shares of the bodies in each species [K] at infinite volume for total concentrations [T]. */
    static double[] massAction(AD ad, double[][] counts, double[] logK, double[] total) {
        double[] all = new MassAction(ad, counts, total).shares(logK);
        return java.util.Arrays.copyOfRange(all, total.length, all.length);
    }

    /** Shares of the bodies in each species [K] in a box of {@code bodies} [T] and {@code volume}. */
    static double[] canonical(double[][] counts, double[] logK, int[] bodies, double volume) {
        return new CanonicalEnsemble(counts, bodies).shares(logK, volume).clusters();
    }

    /** The canonical shares' standard errors from independent log K errors. */
    static double[] canonicalError(double[][] counts, double[] logK, double[] error, int[] bodies, double volume) {
        double[] base = canonical(counts, logK, bodies, volume), var = new double[base.length];
        for (int j = 0; j < logK.length; j++) {
            double[] shifted = logK.clone();
            shifted[j] += error[j];
            double[] s = canonical(counts, shifted, bodies, volume);
            for (int k = 0; k < var.length; k++) var[k] += (s[k] - base[k]) * (s[k] - base[k]);
        }
        for (int k = 0; k < var.length; k++) var[k] = Math.sqrt(var[k]);
        return var;
    }

    /** Per species: log K and shares both ways for a box of {@code bodies} [T] in {@code volume}. */
    static Map<String, Map<String, Object>> report(AD ad, Constants c, int[] bodies, double volume) {
        double[] total = new double[bodies.length];
        for (int t = 0; t < total.length; t++) total[t] = bodies[t] / volume;
        boolean h = c.harmonicComplete(), in = !Double.isNaN(c.integral()[0]);
        double[] hm = h ? massAction(ad, c.counts(), c.harmonic(), total) : null, hc = h ? canonical(c.counts(), c.harmonic(), bodies, volume) : null;
        double[] im = in ? massAction(ad, c.counts(), c.integral(), total) : null, ic = in ? canonical(c.counts(), c.integral(), bodies, volume) : null;
        double[] ie = in ? canonicalError(c.counts(), c.integral(), c.integralError(), bodies, volume) : null;
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int k = 0; k < c.names().size(); k++) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (!Double.isNaN(c.harmonic()[k])) m.put("harmonic_log_K", c.harmonic()[k]);
            else m.put("harmonic_unavailable", c.harmonicNote()[k]);
            if (h) {
                m.put("harmonic_mass_action", hm[k]);
                m.put("harmonic_canonical", hc[k]);
            }
            if (in) {
                m.put("integral_log_K", c.integral()[k]);
                m.put("integral_log_K_error", c.integralError()[k]);
                m.put("integral_mass_action", im[k]);
                m.put("integral_canonical", ic[k]);
                m.put("integral_canonical_error", ie[k]);
            }
            out.put(c.names().get(k), m);
        }
        return out;
    }
}
