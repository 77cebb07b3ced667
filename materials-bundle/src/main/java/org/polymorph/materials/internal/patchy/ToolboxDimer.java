package org.polymorph.materials.internal.patchy;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.CanonicalEnsemble;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;
import org.polymorph.materials.patchy.TargetStructure;

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
        return params(o, o.constant(new double[] {d0}, 1), o.constant(new double[] {a}, 1), o.constant(new double[] {PATCH}, 1));
    }

    /** As {@link #params(Ops, double, double)}, differentiable in D0, a and the patches' distance b from the x axis (0.3). */
    public static PatchyParams params(Ops o, Var d0, Var a, Var b) {
        Var patches = o.reshape(o.concat(0, o.constant(new double[] {1, 0}, 2), b, o.constant(new double[] {1}, 1), b.mul(C30), b.mul(-S30),
                o.constant(new double[] {1}, 1), b.mul(-C30), b.mul(-S30)), 3, 3);
        double[] pattern = new double[36];
        for (int i = 0; i < 6; i++) pattern[i * 6 + i] = -1;
        for (int[] pair : new int[][] {{B1, B2}, {R1, R2}, {G1, G2}}) pattern[pair[0] * 6 + pair[1]] = pattern[pair[1] * 6 + pair[0]] = 1;
        double sigma = 2, alphaRep = 2.5;
        return new PatchyParams(new Var[] {patches, patches}, o.mul(o.constant(pattern, 6, 6), d0), o.mul(o.onesLike(o.constant(pattern, 6, 6)), a),
                o.constant(new double[] {0}), o.constant(new double[] {500 * Math.pow(sigma, alphaRep - 1)}), o.constant(new double[] {sigma}),
                o.constant(new double[] {alphaRep}));
    }

    /**
     * The toolbox's published simulation yields (data/dimers.csv, 9 + 9 bodies) at D0 = 6..10: {c, D0, yield, error}
     * rows for c = 0.001 and 0.003.
     */
    public static final double[][] PUBLISHED = {
        {0.001, 6, 0.023529, 0.009606}, {0.001, 7, 0.080294, 0.017493}, {0.001, 8, 0.406164, 0.041193},
        {0.001, 9, 0.797273, 0.054107}, {0.001, 10, 0.870033, 0.084099},
        {0.003, 6, 0.042647, 0.016139}, {0.003, 7, 0.164643, 0.028444}, {0.003, 8, 0.531469, 0.031816}, {0.003, 9, 0.767273, 0.021818}};

    /** {yield, error} published at concentration c and depth d0, or null. */
    public static double[] published(double c, double d0) {
        for (double[] r : PUBLISHED) if (r[0] == c && r[1] == d0) return new double[] {r[2], r[3]};
        return null;
    }

    /** The toolbox's yield convention: dimers per structure ⟨N/(n_A + n_B − N)⟩ of n_A + n_B bodies in volume V (canonical). */
    public static double canonicalYield(double logK, int nA, int nB, double volume) {
        return new CanonicalEnsemble(new double[][] {{1, 1}}, new int[] {nA, nB}).shares(new double[] {logK}, volume).perStructure()[0];
    }

    /** A and B bonded, centres 2 apart (the dimer's seed), 0.5 tolerance: how the MD cluster analysis recognises the dimer. */
    public static TargetStructure target() {
        return new TargetStructure("AB", new int[] {0, 1}, new boolean[][] {{false, true}, {true, false}},
                new double[][] {{-1, 0, 0}, {1, 0, 0}}, 0.5);
    }

    /** The heterodimer as a {@link ClusterCase} at Morse range a. */
    static ClusterCase of(double a) {
        return new ClusterCase() {
            public PatchyModel model() { return ToolboxDimer.model(a); }

            public PatchyParams params(Ops o, double depth) { return ToolboxDimer.params(o, depth, a); }

            public List<ClusterSpecies> species() { return List.of(dimer()); }

            public List<TargetStructure> targets() { return List.of(target()); }
        };
    }

    public static ClusterSpecies dimer() {
        double[][] seed = {{-1, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}};
        double[][] refs = {{1, 0, 0, 0, 1, 0, 0, 0, 1}, {-1, 0, 0, 0, -1, 0, 0, 0, 1}};
        return new ClusterSpecies("AB", new int[] {0, 1}, seed, refs, 1);
    }
}
