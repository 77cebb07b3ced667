package org.polymorph.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static Map<String, Object> sample() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 unicode é ∑");
        inner.put("nothing", null);
        inner.put("flag", false);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", 42L);
        m.put("ratio", 0.125);
        m.put("whole", 3.0);
        m.put("tiny", 1.5e-300);
        m.put("list", List.of(1L, 2L, 3L));
        m.put("nested", inner);
        m.put("empty", Map.of());
        m.put("none", List.of());
        m.put("matrix", List.of(List.of(1.5, 2.5), List.of(-3.5, 4.0)));
        return m;
    }

    @Test
    void roundTripsCompactAndPretty() {
        Map<String, Object> m = sample();
        assertEquals(m, Json.parse(Json.write(m, false)));
        assertEquals(m, Json.parse(Json.write(m, true)));
        assertTrue(Json.write(m, true).contains("\n  \"count\": 42"));
        assertEquals("{\"a\":[1,2]}", Json.write(Map.of("a", List.of(1, 2)), false));
    }

    @Test
    void escapesStrings() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", Json.write("a\"b\\c\nd\u0001", false));
        assertEquals("x\ty/é", Json.parse("\"x\\ty\\/\\u00e9\""));
    }

    @Test
    void writesArraysEnumsAndNumbers() {
        assertEquals("[1.5,2.0]", Json.write(new double[] {1.5, 2}, false));
        assertEquals("[[1,2],[3]]", Json.write(new int[][] {{1, 2}, {3}}, false));
        assertEquals("\"SECONDS\"", Json.write(java.util.concurrent.TimeUnit.SECONDS, false));
        assertEquals("1.0E20", Json.write(1e20, false));
        assertEquals(1e20, Json.parse(Json.write(1e20, false)));
        assertEquals(-7L, Json.parse("-7"));
        assertEquals(-0.5, Json.parse("-5e-1"));
        assertNull(Json.parse(" null "));
    }

    @Test
    void rejectsNonFiniteNumbersNamingThePath() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("energies", new ArrayList<>(Arrays.asList(1.0, Double.NaN)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(m, false));
        assertTrue(e.getMessage().contains("$.energies[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("r", Map.of("f", Float.POSITIVE_INFINITY)), true));
        assertTrue(e.getMessage().contains("$.r.f"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("o", new Object()), false));
        assertTrue(e.getMessage().contains("$.o"), e.getMessage());
    }

    @Test
    void malformedInputNamesTheOffset() {
        for (String bad : new String[] {"{\"a\": }", "[1, 2", "\"open", "{\"a\" 1}", "tru", "[1] x", "", "{1: 2}", "--1", "\"\\uZZZZ\"", "\"\\u12\""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("invalid JSON at offset"), bad + " -> " + e.getMessage());
        }
    }

    @Test
    void aDoubleArrayComesBackBitForBit() {
        double[] v = {0.1, -1e-300, 3.0, Math.PI, 6.02214076e23};
        assertArrayEquals(v, Json.doubles(Json.parse(Json.write(v, false))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.doubles(Json.parse("[1, \"x\"]")));
        assertTrue(e.getMessage().contains("element 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.doubles(Json.parse("{}")));
    }
}
