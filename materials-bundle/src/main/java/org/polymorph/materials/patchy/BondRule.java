package org.polymorph.materials.patchy;

/**
 * When two patches on different bodies count as bonded, for {@link ClusterAnalysis}: by distance or by pair energy.
 */
@FunctionalInterface
public interface BondRule {
    /** Whether patches of species a and b at distance r (length units) are bonded. */
    boolean bonded(int speciesA, int speciesB, double r);

    /** Bonded when closer than {@code maxDistance}, whatever the species (so give non-interacting species no patches close by). */
    static BondRule distance(double maxDistance) {
        if (!(maxDistance > 0)) throw new IllegalArgumentException("bond distance " + maxDistance + "; give a positive length");
        return (a, b, r) -> r < maxDistance;
    }

    /**
     * Bonded when the Morse pair energy ε_ab[(1 − e^{−α_ab(r − r0)})² − 1]·S(r) is below {@code maxEnergy} (negative,
     * energy units), with the model's cut-off S: species pairs with ε_ab ≤ 0 never bond.
     */
    static BondRule energy(double maxEnergy, double[][] eps, double[][] alpha, double r0, Cutoff cutoff) {
        if (!(maxEnergy < 0)) throw new IllegalArgumentException("bond energy threshold " + maxEnergy + "; give a negative energy");
        return (a, b, r) -> {
            double m = -Math.expm1(-alpha[a][b] * (r - r0));
            return eps[a][b] * (m * m - 1) * cutoff.factor(r) < maxEnergy;
        };
    }
}
