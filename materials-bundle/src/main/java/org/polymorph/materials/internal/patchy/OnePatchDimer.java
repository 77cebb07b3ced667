package org.polymorph.materials.internal.patchy;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;
import org.polymorph.materials.patchy.TargetStructure;

/**
 * Identical bodies with one patch each, which can only dimerise (2M ⇌ D) while the cores forbid a patch two
 * partners: a core of diameter σ_c = 1 at the origin (soft sphere ε_c, α_c = 2, as patchy.yield's ring2d particles)
 * and one patch at distance {@code radius} along the body x axis; Morse ε, α = {@code range}, r0 = 0 with jax-md's
 * cut-off quirk (untruncated to r = 2), in 2D or 3D. The dimer is seeded with the two bodies facing each other,
 * patches coinciding; symmetry number 2 (swapping the bodies is a rotation); recognised as two bonded bodies whose
 * centres lie within {@code radius} of 2·radius apart.
 */
record OnePatchDimer(int dimension, double radius, double coreEps, double range) implements ClusterCase {
    public PatchyModel model() {
        return new PatchyModel(dimension, List.of(new BodyType("P", new double[][] {new double[dimension]}, new int[] {0})), 1, Cutoff.jaxMd(1.0));
    }

    public PatchyParams params(Ops o, double depth) {
        double[] patch = new double[dimension];
        patch[0] = radius;
        return PatchyParams.of(o, dimension, new double[][] {patch}, new double[][] {{depth}}, new double[][] {{range}}, 0, coreEps, 1, 2);
    }

    public List<ClusterSpecies> species() {
        if (dimension == 2) return List.of(new ClusterSpecies("dimer", new int[2], new double[][] {{-radius, 0, 0}, {radius, 0, Math.PI}}, null, 2));
        return List.of(new ClusterSpecies("dimer", new int[2], new double[][] {{-radius, 0, 0, 0, 0, 0}, {radius, 0, 0, 0, 0, 0}},
                new double[][] {{1, 0, 0, 0, 1, 0, 0, 0, 1}, {-1, 0, 0, 0, -1, 0, 0, 0, 1}}, 2));
    }

    public List<TargetStructure> targets() {
        double[] far = new double[dimension];
        far[0] = 2 * radius;
        return List.of(new TargetStructure("dimer", new int[2], new boolean[][] {{false, true}, {true, false}},
                new double[][] {new double[dimension], far}, radius));
    }
}
