package org.polymorph.materials.internal.patchy;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;

/**
 * The heterodimer building blocks of the self-assembly toolbox (Krueger et al., rkruegs123/self-assembly-toolkit,
 * dimers/compute.py; facts only): three unit spheres at distance 1 from the body centre in the x = 0 plane (at 90°,
 * 210° and 330° about x) and three patches at x = 1, distance 0.3 from the x axis at the same angles. Type A carries
 * patches (B1, R1, G1), type B (B2, G2, R2); unlike colours of one number attract with Morse depth D0, identical
 * patches repel (−D0), other pairs do not interact; Morse a = 5 (default), r0 = 0, switched from r_c/2 to
 * r_c = 8/a + r0; sphere repulsion (A/(α r_max))(r_max − r)^α with A = 500, α = 2.5, r_max = 2 (soft sphere
 * σ = 2, ε = A σ^{α−1}). kT = 1; concentration = all bodies per volume (V = N/c), equal numbers of A and B.
 * The dimer is seeded with A at (−1, 0, 0) and B at (1, 0, 0) turned by π about z: every patch pair coincides.
 */
public final class ToolboxDimer {
    /** Patch species: B1, R1, G1, B2, R2, G2. */
    private static final int B1 = 0, R1 = 1, G1 = 2, B2 = 3, R2 = 4, G2 = 5;
    private static final double C30 = Math.cos(Math.PI / 6), S30 = Math.sin(Math.PI / 6), PATCH = 0.3;

    private ToolboxDimer() { }

    public static PatchyModel model(double a) {
        double[][] spheres = {{0, 0, 1}, {0, C30, -S30}, {0, -C30, -S30}};
        double rc = 8 / a;
        return new PatchyModel(3, List.of(new BodyType("A", spheres, new int[] {B1, R1, G1}), new BodyType("B", spheres, new int[] {B2, G2, R2})),
                6, Cutoff.switched(rc / 2, rc));
    }

    /** Patch positions, Morse depths for well depth d0 and range a, the toolbox's sphere repulsion. */
    public static PatchyParams params(Ops o, double d0, double a) {
        double[] patches = {1, 0, PATCH, 1, PATCH * C30, -PATCH * S30, 1, -PATCH * C30, -PATCH * S30};
        double[][] eps = new double[6][6];
        double[][] alpha = new double[6][6];
        for (int i = 0; i < 6; i++) {
            java.util.Arrays.fill(alpha[i], a);
            eps[i][i] = -d0;
        }
        eps[B1][B2] = eps[B2][B1] = eps[R1][R2] = eps[R2][R1] = eps[G1][G2] = eps[G2][G1] = d0;
        double sigma = 2, alphaRep = 2.5;
        return PatchyParams.of(o, 3, new double[][] {patches, patches}, eps, alpha, 0, 500 * Math.pow(sigma, alphaRep - 1), sigma, alphaRep);
    }

    public static ClusterSpecies dimer() {
        double[][] seed = {{-1, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}};
        double[][] refs = {{1, 0, 0, 0, 1, 0, 0, 0, 1}, {-1, 0, 0, 0, -1, 0, 0, 0, 1}};
        return new ClusterSpecies("AB", new int[] {0, 1}, seed, refs, 1);
    }
}
