package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.EquilibriumYields;
import org.polymorph.materials.patchy.PatchGeometry;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;

/**
 * Design of 2D self-limiting rings (King et al., PNAS 2024, the square and hexagonal rings): one body type, a core of
 * diameter 1 (soft sphere, σ = 1, α = 2) and two patches of one species at ±opening/2 on a circle of radius R; rings
 * of the competing sizes share the bodies by mass action ({@link EquilibriumYields}, kT = 1). Design parameters
 * θ = (opening angle [degrees], Morse well depth ε [kT], Morse range α [1/length]); the objective is the share of the
 * bodies in rings of the target size. A ring of n closes without strain at an opening of 180°(n − 2)/n.
 */
final class RingDesign extends DesignObjective {
    private final List<ClusterSpecies> species = new ArrayList<>();
    private final int targetIndex;
    private final double radius, coreEps, concentration;
    private final EquilibriumYields yields;
    private final PatchyModel model;

    /**
     * @param target        ring size whose share is maximised
     * @param sizes         ring sizes in competition (the target among them)
     * @param radius        R, patch distance from the centre (length)
     * @param coreEps       soft-sphere ε (kT)
     * @param concentration total body concentration (bodies/length²)
     * @param lower         bounds of θ [3]
     * @param upper         bounds of θ [3]
     * @param start         start of θ [3]
     */
    RingDesign(AD ad, int target, List<Integer> sizes, double radius, double coreEps, double concentration, double[] lower, double[] upper,
               double[] start) {
        super(List.of("opening_deg", "eps", "alpha"), lower, upper, start);
        this.radius = radius;
        this.coreEps = coreEps;
        this.concentration = concentration;
        for (int n : sizes) species.add(YieldModels.ring(n, radius));
        this.targetIndex = sizes.indexOf(target);
        if (targetIndex < 0) throw new IllegalArgumentException("ring size " + target + " is not among the competing sizes " + sizes);
        this.model = new PatchyModel(2, List.of(new BodyType("P", new double[][] {{0, 0}}, new int[] {0, 0})), 1, Cutoff.jaxMd(1.0));
        this.yields = new EquilibriumYields(ad, model, 1.0);
    }

    /** Shares [1 + K] of the bodies (monomers, then each ring size) at θ. */
    EquilibriumYields.Yields shares(Ops o, Var openingDegrees, Var eps, Var alpha) {
        return yields.yields(species, parameters(o, openingDegrees, eps, alpha), new double[] {concentration});
    }

    /** The model's parameters at θ: two patches at ±opening/2 on the circle of radius R. */
    private PatchyParams parameters(Ops o, Var openingDegrees, Var eps, Var alpha) {
        Var half = openingDegrees.mul(Math.PI / 360);
        return params(o, PatchGeometry.circle(o, o.concat(0, half, half.neg()), radius), eps, alpha, coreEps);
    }

    @Override Cluster target(AD ad, double[] theta) {
        Var[] v = constants(ad.ops(), theta);
        return relaxed(ad.ops(), yields, model, species.get(targetIndex), parameters(ad.ops(), v[0], v[1], v[2]));
    }

    @Override Var share(Ops o, Var[] theta) { return entry(o, shares(o, theta[0], theta[1], theta[2]).fractions(), 1 + targetIndex); }
}
