package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

class PotentialsTest {
    private static double energy(Potential p, Atoms a) {
        return p.compute(a, new NeighborListBuilder(p.cutoff(), 0, !p.needsFullList()).build(a)).energy();
    }

    @Test
    void ljFromInlineValuesAndOverridesAgree() {
        Potential inline = FixedCatalog.builtin().create("lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5", "", "", List.of("Ar"));
        Potential over = FixedCatalog.builtin().create("lj/cut", "", "epsilon=0.0104,sigma=3.4,cutoff=8.5", List.of("Ar"));
        Potential shifted = FixedCatalog.builtin().create("lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5", "", "shift=true", List.of("Ar"));
        Atoms ar = Lattices.build("fcc", 5.26, new int[] {3, 3, 3}, "Ar", 39.948);
        assertEquals("lj/cut", inline.style());
        assertEquals(8.5, inline.cutoff());
        assertEquals(energy(inline, ar), energy(over, ar), 0);
        assertTrue(energy(inline, ar) < 0);
        assertTrue(energy(shifted, ar) > energy(inline, ar), "shifting removes a negative tail");
        Potential other = FixedCatalog.builtin().create("lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5", "", "epsilon=0.02", List.of("Ar"));
        assertEquals(energy(inline, ar) * 0.02 / 0.0104, energy(other, ar), 1e-12);
    }

    @Test
    void unknownOverrideNamesItAndListsTheValidOnes() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> FixedCatalog.builtin().create("lj/cut:epsilon=1,sigma=1,cutoff=2.5", "", "epsilom=2", List.of("X")));
        assertTrue(e.getMessage().contains("'overrides'") && e.getMessage().contains("epsilom"), e.getMessage());
        assertTrue(e.getMessage().contains("epsilon, sigma, cutoff, shift"), e.getMessage());
        BadInputException sw = assertThrows(BadInputException.class,
                () -> FixedCatalog.builtin().create("sw", Oracles.potentialFile("Si.sw").toString(), "lamda=25", List.of("Si")));
        assertTrue(sw.getMessage().contains("lamda") && sw.getMessage().contains("lambda"), sw.getMessage());
    }

    @Test
    void aMalformedOverrideNamesOverridesAndTheOverrideNotPotential() {
        BadInputException number = assertThrows(BadInputException.class,
                () -> FixedCatalog.builtin().create("lj/cut:epsilon=1,sigma=1,cutoff=2.5", "", "sigma=abc", List.of("X")));
        assertTrue(number.getMessage().contains("parameter 'overrides' = 'sigma=abc'"), number.getMessage());
        assertTrue(!number.getMessage().contains("'potential'"), number.getMessage());
        BadInputException flag = assertThrows(BadInputException.class,
                () -> FixedCatalog.builtin().create("lj/cut:epsilon=1,sigma=1,cutoff=2.5", "", "shift=maybe", List.of("X")));
        assertTrue(flag.getMessage().contains("parameter 'overrides' = 'shift=maybe'") && flag.getMessage().contains("shift=yes"),
                flag.getMessage());
        // the same value written inline stays on potential
        BadInputException inline = assertThrows(BadInputException.class,
                () -> FixedCatalog.builtin().create("lj/cut:epsilon=1,sigma=abc,cutoff=2.5", "", "", List.of("X")));
        assertTrue(inline.getMessage().contains("parameter 'potential' = 'sigma=abc'"), inline.getMessage());
        // LAMMPS's yes/no spelling of a flag, in any case, equals true/false
        Atoms ar = Lattices.build("fcc", 5.26, new int[] {3, 3, 3}, "Ar", 39.948);
        String lj = "lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5";
        assertEquals(energy(FixedCatalog.builtin().create(lj, "", "shift=true", List.of("Ar")), ar),
                energy(FixedCatalog.builtin().create(lj, "", "shift=YES", List.of("Ar")), ar), 0);
        assertEquals(energy(FixedCatalog.builtin().create(lj, "", "shift=false", List.of("Ar")), ar),
                energy(FixedCatalog.builtin().create(lj, "", "shift=no", List.of("Ar")), ar), 0);
    }

    @Test
    void missingValuesUnknownStylesAndFilesAreBadInput() {
        BadInputException missing = assertThrows(BadInputException.class, () -> FixedCatalog.builtin().create("lj/cut:epsilon=1", "", "", List.of("X")));
        assertTrue(missing.getMessage().contains("'sigma'"), missing.getMessage());
        BadInputException style = assertThrows(BadInputException.class, () -> FixedCatalog.builtin().create("lj/cutt", "", "", List.of("X")));
        assertTrue(style.getMessage().contains("'potential'") && style.getMessage().contains("lj/cut"), style.getMessage());
        BadInputException noFile = assertThrows(BadInputException.class, () -> FixedCatalog.builtin().create("sw", "", "", List.of("Si")));
        assertTrue(noFile.getMessage().contains("potential_file"), noFile.getMessage());
        BadInputException absent = assertThrows(BadInputException.class, () -> FixedCatalog.builtin().create("sw", "/no/such/Si.sw", "", List.of("Si")));
        assertTrue(absent.getMessage().contains("/no/such/Si.sw"), absent.getMessage());
        BadInputException number = assertThrows(BadInputException.class, () -> FixedCatalog.builtin().create("lj/cut:epsilon=x,sigma=1,cutoff=2", "", "", List.of("X")));
        assertTrue(number.getMessage().contains("epsilon=x"), number.getMessage());
        BadInputException range = assertThrows(BadInputException.class, () -> FixedCatalog.builtin().create("lj/cut:epsilon=1,sigma=-1,cutoff=2", "", "", List.of("X")));
        assertTrue(range.getMessage().contains("sigma"), range.getMessage());
        BadInputException element = assertThrows(BadInputException.class,
                () -> FixedCatalog.builtin().create("sw", Oracles.potentialFile("Si.sw").toString(), "", List.of("Ge")));
        assertTrue(element.getMessage().contains("potential_file") && element.getMessage().contains("Ge"), element.getMessage());
    }

    @Test
    void swFileWithLambdaOverrideChangesOnlyTheThreeBodyTerm() {
        String file = Oracles.potentialFile("Si.sw").toString();
        Potential sw = FixedCatalog.builtin().create("sw", file, "", List.of("Si"));
        Potential stiff = FixedCatalog.builtin().create("sw", file, "lambda=42", List.of("Si"));
        Atoms si = Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855);
        // perfect diamond: cos θ = −1/3 = cos θ0, so the three-body term vanishes and λ does not matter
        assertEquals(energy(sw, si), energy(stiff, si), 1e-9);
        double[] r = si.positions();
        r[0] += 0.1;
        Atoms moved = si.withPositions(r);
        assertTrue(energy(stiff, moved) > energy(sw, moved) + 1e-4, "a larger lambda penalises the bent bonds more");
    }

    @Test
    void otherStylesBuild() {
        assertEquals("morse", FixedCatalog.builtin().create("morse:d0=0.34,alpha=1.36,r0=2.87,cutoff=6", "", "", List.of("Cu")).style());
        assertEquals(1.0, FixedCatalog.builtin().create("soft/sphere:epsilon=1,sigma=1", "", "", List.of("A")).cutoff());
        assertEquals("eam", FixedCatalog.builtin().create("eam", Oracles.potentialFile("Cu_u3.eam").toString(), "", List.of("Cu")).style());
        assertTrue(FixedCatalog.builtin().provider("sw").parameters().stream().anyMatch(v -> v.name().equals("lambda")));
        Atoms cu = Lattices.build("fcc", 3.615, new int[] {3, 3, 3}, "Cu", 63.546);
        // Cleri-Rosato Cu: A 0.0855, xi 1.224, p 10.96, q 2.278, r0 = a/sqrt2; cohesive energy near 3.5 eV/atom
        Potential gupta = FixedCatalog.builtin().create("gupta:A=0.0855,xi=1.224,p=10.96,q=2.278,r0=2.5562,cutoff=5.0", "", "", List.of("Cu"));
        assertEquals(-3.5, energy(gupta, cu) / cu.size(), 0.3);
    }
}
