package org.polymorph.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTest {
    private static void rejected(String key, Object value, String where) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Result.builder().put(key, value));
        assertTrue(e.getMessage().contains("non-finite number"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + where + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("leave a key out"), e.getMessage());
    }

    @Test
    void aNonFiniteNumberIsRejectedWhereItIsPutNamingTheKey() {
        rejected("first_peak_r", Double.NaN, "first_peak_r");
        rejected("e", Double.POSITIVE_INFINITY, "e");
        rejected("f", Float.NEGATIVE_INFINITY, "f");
        rejected("forces", new double[] {0, 1, Double.NaN}, "forces[2]");
        rejected("stress", new double[][] {{1, 2}, {3, Double.NaN}}, "stress[1][1]");
        rejected("curve", List.of(1.0, Double.NaN), "curve[1]");
        rejected("phases", Map.of("liquid", Map.of("energy", Double.NaN)), "phases.liquid.energy");
    }

    @Test
    void finiteValuesAreKeptInOrder() {
        Result r = Result.builder().put("a", 1.5).put("b", new double[] {1, 2}).put("c", List.of(Map.of("x", 3L)))
                .put("d", "text").summary("line").build();
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(r.values().keySet()));
        assertEquals(1.5, r.values().get("a"));
        assertEquals(List.of("line"), r.summary());
    }
}
