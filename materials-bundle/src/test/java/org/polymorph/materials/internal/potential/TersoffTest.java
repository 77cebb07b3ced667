package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.Oracles;

class TersoffTest {
    static Tersoff silicon() { return Tersoff.read(Oracles.potentialFile("Si.tersoff"), List.of("Si")); }

    @Test
    void matchesLammpsOnThePerfectAndDisplacedDiamondCells() {
        for (String c : new String[] {"perfect", "displaced"}) {
            double[] err = ThreeBodyChecks.oracle(silicon(), "Si_Tersoff_diamond_2x2x2_a5.431_" + c);
            System.out.printf("tersoff %s: relative error energy %.2e forces %.2e virial %.2e%n", c, err[0], err[1], err[2]);
            assertTrue(err[0] < 1e-10 && err[1] < 1e-10 && err[2] < 1e-10, c + ": " + java.util.Arrays.toString(err));
        }
    }

    @Test
    void autodiffEnergyForcesAndVirialAgreeWithTheFusedKernel() {
        ThreeBodyChecks.autodiffAgrees(silicon(), "Si_Tersoff_diamond_2x2x2_a5.431_displaced");
    }

    @Test
    void everyBranchOfTheBondOrderAgreesBetweenKernelAndAutodiff() {
        // βζ of the undisplaced lattices (thresholds c1..c4 = 4.21, 1.89, 0.53, 0.24): fcc 3.9 Å 4.9, fcc 4.2 Å 3.0,
        // diamond 5.431 Å 1.16 (the oracle cases), diamond 7.0 Å 0.44, diamond 7.3 Å 0.027
        ThreeBodyChecks.autodiffAgrees(silicon(), ThreeBodyChecks.displaced("fcc", 3.9, 2, 0.02, 11));
        ThreeBodyChecks.autodiffAgrees(silicon(), ThreeBodyChecks.displaced("fcc", 4.2, 2, 0.02, 12));
        ThreeBodyChecks.autodiffAgrees(silicon(), ThreeBodyChecks.displaced("diamond", 7.0, 1, 0.02, 13));
        ThreeBodyChecks.autodiffAgrees(silicon(), ThreeBodyChecks.displaced("diamond", 7.3, 1, 0.005, 14));
    }

    @Test
    void gradientsWithRespectToPositionsStrainAndEveryParameterPassGradCheck() {
        ThreeBodyChecks.gradCheck(silicon());
    }

    @Test
    void fittedParametersReachTheFusedKernel() {
        ThreeBodyChecks.perturbedParametersAgree(silicon());
    }

    @Test
    void theEightAtomCellGivesTheSupercellEnergyPerAtom() {
        ThreeBodyChecks.smallCellMatchesSupercell(silicon(), "Si_Tersoff_diamond_2x2x2_a5.431_perfect");
    }
}
