package org.polymorph.materials.internal.patchy;

import java.util.function.ToDoubleFunction;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.PatchyModel;

/**
 * βU of patchy bodies in open space (a {@link Configuration} without box) from {@link PatchyPair}'s point energies:
 * every core with every core and every patch with every patch of the other bodies, pairs inside one body excluded
 * (the energy MD integrates), divided by kT; for {@link org.polymorph.materials.patchy.ClusterIntegral}.
 */
final class ClusterEnergy implements ToDoubleFunction<Configuration> {
    private final PatchyModel model;
    private final double[][][] patches;
    private final PatchyPair pair;
    private final double kT;

    /** {@code patches} [t][m][d] body-frame patch positions; kT in energy units. */
    ClusterEnergy(PatchyModel model, double[][][] patches, PatchyPair pair, double kT) {
        this.model = model;
        this.patches = patches;
        this.pair = pair;
        this.kT = kT;
    }

    @Override
    public double applyAsDouble(Configuration c) {
        int n = c.size();
        int[] types = c.types();
        double[][][] cores = new double[n][][], spots = new double[n][][];
        for (int i = 0; i < n; i++) {
            BodyType t = model.types().get(types[i]);
            double[][] k = t.cores();
            cores[i] = new double[k.length][];
            for (int a = 0; a < k.length; a++) cores[i][a] = c.world(i, k[a]);
            spots[i] = new double[patches[types[i]].length][];
            for (int a = 0; a < spots[i].length; a++) spots[i][a] = c.world(i, patches[types[i]][a]);
        }
        double u = 0;
        for (int i = 0; i < n; i++) {
            int[] si = model.types().get(types[i]).patchSpecies();
            for (int j = i + 1; j < n; j++) {
                int[] sj = model.types().get(types[j]).patchSpecies();
                for (double[] a : cores[i]) for (double[] b : cores[j]) u += pair.pairEnergy(0, 0, Configuration.euclidean(a, b));
                for (int a = 0; a < si.length; a++) {
                    for (int b = 0; b < sj.length; b++) u += pair.pairEnergy(1 + si[a], 1 + sj[b], Configuration.euclidean(spots[i][a], spots[j][b]));
                }
            }
        }
        return u / kT;
    }
}
