package org.polymorph.materials.potential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;

/** Per-type values written with '/' (the older ';' still read), trailing garbage refused naming the run parameter. */
class PotentialValuesTest {
    private static final List<PotentialParameter> LJ = List.of(PotentialParameter.required("epsilon", "eV", "well depth"),
            PotentialParameter.required("sigma", "Å", "size"));

    private static PotentialValues values(String epsilon) {
        return new PotentialValues(LJ, Map.of("epsilon", epsilon, "sigma", "3.4"));
    }

    @Test
    void oneValuePerTypeOrOneForAll() {
        assertArrayEquals(new double[] {0.0104, 0.005}, values("0.0104/0.005").perType("epsilon", 2));
        assertArrayEquals(new double[] {0.0104, 0.005}, values("0.0104;0.005").perType("epsilon", 2), "the older, quoted form");
        assertArrayEquals(new double[] {3.4, 3.4, 3.4}, values("1").perType("sigma", 3));
        assertArrayEquals(new double[] {1, -2e-3, 3}, values("1/-2e-3/3").values("epsilon"));
    }

    @Test
    void malformedListsNameTheParameterThatGaveThem() {
        for (String[] c : new String[][] {{"0.0104/", "empty item after the last separator"}, {"0.01//0.02", "empty item between"},
                {"0.01/0.02x", "'0.02x' is not a number"}, {"0.01/0.02/0.03", "3 values for 2 types"}, {"0x1p0", "not a number"}}) {
            BadInputException e = assertThrows(BadInputException.class, () -> values(c[0]).perType("epsilon", 2), c[0]);
            assertTrue(e.getMessage().startsWith("parameter 'potential' = 'epsilon=" + c[0] + "'"), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
        PotentialValues overridden = new PotentialValues(LJ, Map.of("epsilon", "0.01/", "sigma", "3.4"), Set.of("epsilon"));
        BadInputException e = assertThrows(BadInputException.class, () -> overridden.perType("epsilon", 2));
        assertTrue(e.getMessage().startsWith("parameter 'overrides' = 'epsilon=0.01/'"), e.getMessage());
    }
}
