package org.polymorph.materials.internal.patchy;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;
import org.polymorph.materials.patchy.TargetStructure;

/**
 * The 2D linear heterotrimer A–B–C: three body types with a core of diameter σ_c = 1 at the centre (soft sphere
 * ε_c, α_c = 2, as {@link OnePatchDimer}); A carries one patch (species 0) and C one (species 3) at distance
 * {@code radius} along the body x axis, B two (species 1 and 2) at ±opening/2 from its x axis. Only A–B (0–1) and
 * B–C (2–3) attract (Morse ε, α, r0 = 0, jax-md's cut-off untruncated to r = 2); A–C and like patches do not. With
 * cores that forbid a patch two partners, the clusters are A, B, C, AB, BC and ABC and nothing larger; each
 * composition is one species, recognised by its bond graph (targets with unlimited distance tolerance). Seeds: bodies
 * facing each other with coinciding patches, B's patch 1 pointing to A.
 */
record LinearTrimer(double radius, double opening, double coreEps, double range) implements ClusterCase {
    public PatchyModel model() {
        double[][] core = {{0, 0}};
        return new PatchyModel(2, List.of(new BodyType("A", core, new int[] {0}), new BodyType("B", core, new int[] {1, 2}),
                new BodyType("C", core, new int[] {3})), 4, Cutoff.jaxMd(1.0));
    }

    public PatchyParams params(Ops o, double depth) { return params(o, o.constant(new double[] {depth}, 1)); }

    /** As {@link #params(Ops, double)}, differentiable in the depth ε [1]. */
    PatchyParams params(Ops o, Var depth) {
        double h = opening / 2;
        double[][] pattern = new double[4][4], alpha = new double[4][4];
        pattern[0][1] = pattern[1][0] = pattern[2][3] = pattern[3][2] = 1;
        for (double[] row : alpha) java.util.Arrays.fill(row, range);
        double[][] patches = {{radius, 0}, {radius * Math.cos(h), radius * Math.sin(h), radius * Math.cos(h), -radius * Math.sin(h)}, {radius, 0}};
        PatchyParams unit = PatchyParams.of(o, 2, patches, pattern, alpha, 0, coreEps, 1, 2);
        return new PatchyParams(unit.patches(), o.mul(unit.morseEps(), depth), unit.morseAlpha(), unit.morseR0(), unit.coreEps(),
                unit.coreSigma(), unit.coreAlpha());
    }

    /** Seeds (x, y, θ): A at the origin facing +x, B beyond A's patch with its patch 1 on it, C on B's patch 2. */
    private double[][] poses() {
        double h = opening / 2, thetaB = Math.PI - h, out = Math.PI - opening;
        double[] b = {2 * radius, 0, thetaB};
        double[] c = {b[0] + 2 * radius * Math.cos(out), 2 * radius * Math.sin(out), out + Math.PI};
        return new double[][] {{0, 0, 0}, b, c};
    }

    public List<ClusterSpecies> species() {
        double[][] x = poses();
        return List.of(new ClusterSpecies("AB", new int[] {0, 1}, new double[][] {x[0], x[1]}, null, 1),
                new ClusterSpecies("BC", new int[] {1, 2}, new double[][] {x[1], x[2]}, null, 1),
                new ClusterSpecies("ABC", new int[] {0, 1, 2}, x, null, 1));
    }

    public List<TargetStructure> targets() {
        double[][] x = poses();
        boolean[][] pair = {{false, true}, {true, false}};
        double inf = Double.POSITIVE_INFINITY;
        return List.of(new TargetStructure("AB", new int[] {0, 1}, pair, new double[][] {xy(x[0]), xy(x[1])}, inf),
                new TargetStructure("BC", new int[] {1, 2}, pair, new double[][] {xy(x[1]), xy(x[2])}, inf),
                new TargetStructure("ABC", new int[] {0, 1, 2}, new boolean[][] {{false, true, false}, {true, false, true}, {false, true, false}},
                        new double[][] {xy(x[0]), xy(x[1]), xy(x[2])}, inf));
    }

    private static double[] xy(double[] pose) { return new double[] {pose[0], pose[1]}; }
}
