package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.Oracles;

class StillingerWeberTest {
    static StillingerWeber silicon() { return StillingerWeber.read(Oracles.potentialFile("Si.sw"), List.of("Si")); }

    @Test
    void matchesLammpsOnThePerfectAndDisplacedDiamondCells() {
        for (String c : new String[] {"perfect", "displaced"}) {
            double[] err = ThreeBodyChecks.oracle(silicon(), "Si_SW_diamond_2x2x2_a5.431_" + c);
            System.out.printf("sw %s: relative error energy %.2e forces %.2e virial %.2e%n", c, err[0], err[1], err[2]);
            assertTrue(err[0] < 1e-10 && err[1] < 1e-10 && err[2] < 1e-10, c + ": " + java.util.Arrays.toString(err));
        }
    }

    @Test
    void autodiffEnergyForcesAndVirialAgreeWithTheFusedKernel() {
        ThreeBodyChecks.autodiffAgrees(silicon(), "Si_SW_diamond_2x2x2_a5.431_displaced");
    }

    @Test
    void overlappingAtomsAreAnErrorNamingTheAtom() {
        org.polymorph.materials.structure.Atoms atoms = ThreeBodyChecks.smallCell(5.431, 0, 1);
        double[] x = atoms.positions();
        x[3] = x[0];
        x[4] = x[1];
        x[5] = x[2];
        org.polymorph.materials.structure.Atoms bad = atoms.withPositions(x);
        ArithmeticException e = org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class,
                () -> silicon().compute(bad, ThreeBodyChecks.list(silicon(), bad, 0.3)));
        assertTrue(e.getMessage().contains("atom 0"), e.getMessage());
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
        ThreeBodyChecks.smallCellMatchesSupercell(silicon(), "Si_SW_diamond_2x2x2_a5.431_perfect");
    }
}
