package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/** md.minimize stops a relaxation that collapses instead of relaxing, naming the evaluation, the atom and the fix. */
class MinimizeMethodTest {
    /** A Si–O pair of the BKS potential in a 20 Å box, the O atom at (dx, dy, 0) Å from the Si atom. */
    static Path siO(Path dir, String name, double dx, double dy) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "2\nLattice=\"20 0 0 0 20 0 0 0 20\" Properties=species:S:1:pos:R:3 pbc=\"F F F\"\nSi 5 5 5\nO "
                + (5 + dx) + " " + (5 + dy) + " 5\n");
        return p;
    }

    /**
     * At 1.0 Å a BKS Si–O pair is inside the barrier (about 1.2 Å) below which −C/r⁶ wins: it falls together without end. FIRE and
     * gradient descent used to report "NOT converged" at −10⁷ eV per atom and exit 0, L-BFGS a bare "atoms sit at the same position".
     */
    @ParameterizedTest
    @ValueSource(strings = {"fire", "lbfgs", "gd"})
    void collapseFailsNamingEvaluationAndAtom(String minimizer, @TempDir Path dir) throws Exception {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> MethodTestSupport.run(new MinimizeMethod(FixedCatalog.builtin()),
                dir.resolve("run"), "structure=" + siO(dir, "pair.extxyz", 1.0, 0), "potential=bks", "minimizer=" + minimizer));
        assertTrue(e.getMessage().matches("md\\.minimize, force evaluation \\d+[: ].*atom [01]\\b.*"), e.getMessage());
    }
}
