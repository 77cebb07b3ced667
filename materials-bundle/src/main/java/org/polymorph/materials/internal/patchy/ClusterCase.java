package org.polymorph.materials.internal.patchy;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.Params;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;
import org.polymorph.materials.patchy.TargetStructure;

/**
 * A patchy model whose clusters form a closed set of species, shared by patchy.simulate and patchy.yield: the model,
 * its parameters at a well depth, each species' seed near its minimum (for the harmonic free energy) and the target
 * that identifies it in the MD cluster analysis and in {@link org.polymorph.materials.patchy.ClusterIntegral}.
 */
interface ClusterCase {
    PatchyModel model();

    /** The parameters at patch well depth {@code depth} (energy units). */
    PatchyParams params(Ops o, double depth);

    /** The cluster species (seeds), in the order of {@link #targets()}. */
    List<ClusterSpecies> species();

    /** How the cluster analysis recognises each species. */
    List<TargetStructure> targets();

    /** The case a Method's {@code model} names: dimer (one-patch bodies) or trimer (the linear A–B–C heterotrimer). */
    static ClusterCase of(Params p, int dimension) {
        double radius = p.getDouble("patch_radius"), coreEps = p.getDouble("core_eps"), range = p.getDouble("range");
        return p.getString("model").equals("trimer") ? new LinearTrimer(radius, Math.toRadians(p.getDouble("opening")), coreEps, range)
                : new OnePatchDimer(dimension, radius, coreEps, range);
    }
}
