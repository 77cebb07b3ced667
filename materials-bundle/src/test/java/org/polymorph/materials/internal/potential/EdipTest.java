package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.Oracles;

class EdipTest {
    static Edip silicon() { return Edip.read(Oracles.potentialFile("Si.edip"), List.of("Si")); }

    @Test
    void matchesLammpsOnThePerfectAndDisplacedDiamondCells() {
        for (String c : new String[] {"perfect", "displaced"}) {
            double[] err = ThreeBodyChecks.oracle(silicon(), "Si_EDIP_diamond_2x2x2_a5.431_" + c);
            System.out.printf("edip %s: relative error energy %.2e forces %.2e virial %.2e%n", c, err[0], err[1], err[2]);
            assertTrue(err[0] < 1e-10 && err[1] < 1e-10 && err[2] < 1e-10, c + ": " + java.util.Arrays.toString(err));
        }
    }

    @Test
    void matchesTheTabulatedLammpsEdipToItsInterpolationError() {
        // pair_style edip interpolates the same functions linearly (8000 points per Å or per unit Z)
        for (String c : new String[] {"perfect", "displaced"}) {
            double[] err = ThreeBodyChecks.oracle(silicon(), "Si_EDIPtab_diamond_2x2x2_a5.431_" + c);
            System.out.printf("edip vs tabulated edip %s: relative error energy %.2e forces %.2e, virial %.2e eV%n", c, err[0], err[1], err[3]);
            assertTrue(err[0] < 1e-8 && err[1] < 1e-7 && err[3] < 1e-6, c + ": " + java.util.Arrays.toString(err));
        }
    }

    @Test
    void autodiffEnergyForcesAndVirialAgreeWithTheFusedKernel() {
        ThreeBodyChecks.autodiffAgrees(silicon(), "Si_EDIP_diamond_2x2x2_a5.431_displaced");
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
        ThreeBodyChecks.smallCellMatchesSupercell(silicon(), "Si_EDIP_diamond_2x2x2_a5.431_perfect");
    }

    @Test
    void valuesThePotentialRejectsAreErrorsNamingTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // found by PotentialFilesFuzz: cutoffC >= cutoffA was refused without saying which file held it
        java.nio.file.Path f = tmp.resolve("swapped.edip");
        java.nio.file.Files.writeString(f, "Si Si Si 7.9821730 1.5075463 3.1213820 3.5 3.1083847 0.0070975 0.2523244\n"
                + " 1.1247945 1.4533108 0.6966326 1.2085196 0.5774108 312.1341346 -0.165799 32.557 0.286198 0.66\n");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Edip.read(f, List.of("Si")));
        assertTrue(e.getMessage().startsWith("swapped.edip: ") && e.getMessage().contains("cutoffC"), e.getMessage());
    }
}
