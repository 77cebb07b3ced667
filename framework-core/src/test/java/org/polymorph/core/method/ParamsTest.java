package org.polymorph.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private static final List<ParamSpec> SPECS = List.of(
            ParamSpec.integer("steps", 1000, "", 1, 1_000_000, "MD steps"),
            ParamSpec.real("temperature", 300.0, "K", 0, 1e4, "thermostat temperature"),
            ParamSpec.intList("sizes", List.of(64, 128), "", 1, 4096, "sizes"),
            ParamSpec.choice("dtype", "float64", List.of("float64", "float32"), "precision"),
            ParamSpec.text("label", null, "run label"));

    @Test
    void defaultsFillMissingValues() {
        Params p = Params.parse("md.run", SPECS, Map.of("label", "a", "steps", "50"));
        assertEquals(50, p.getInt("steps"));
        assertEquals(300.0, p.getDouble("temperature"));
        assertEquals(List.of(64, 128), p.getIntList("sizes"));
        assertEquals("float64", p.getString("dtype"));
        assertEquals("a", p.getString("label"));
        assertEquals(List.of("steps", "temperature", "sizes", "dtype", "label"), List.copyOf(p.asMap().keySet()), "spec order");
    }

    @Test
    void errorsKeepTheParameterTheValueAndTheFixApart() {
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> Params.parse("md.run", SPECS, Map.of("label", "a", "temprature", "10")));
        assertEquals("temprature", unknown.parameter().orElseThrow());
        assertEquals("10", unknown.value().orElseThrow());
        assertTrue(unknown.fix().orElseThrow().contains("temperature") && unknown.getMessage().endsWith(unknown.fix().orElseThrow()));
        BadInputException missing = assertThrows(BadInputException.class, () -> Params.parse("md.run", SPECS, Map.of()));
        assertEquals("label", missing.parameter().orElseThrow());
        assertTrue(missing.value().isEmpty());
        assertEquals("add label=<text>", missing.fix().orElseThrow());
        BadInputException range = assertThrows(BadInputException.class,
                () -> Params.parse("md.run", SPECS, Map.of("label", "a", "steps", "0")));
        assertEquals("steps", range.parameter().orElseThrow());
        assertEquals("0", range.value().orElseThrow());
        assertTrue(range.getMessage().endsWith("; " + range.fix().orElseThrow()), range.getMessage());
        assertTrue(new BadInputException("plain").parameter().isEmpty());
    }

    @Test
    void unknownKeySuggestsTheClosestName() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Params.parse("md.run", SPECS, Map.of("label", "a", "temprature", "10")));
        String m = e.getMessage();
        assertTrue(m.contains("unknown parameter 'temprature'"), m);
        assertTrue(m.contains("did you mean 'temperature'"), m);
        assertTrue(m.contains("md.run") && m.contains("describe md.run"), m);
        e = assertThrows(BadInputException.class, () -> Params.parse("md.run", SPECS, Map.of("label", "a", "zzzzzz", "1")));
        assertFalse(e.getMessage().contains("did you mean"), "no suggestion for a distant name: " + e.getMessage());
        e = assertThrows(BadInputException.class, () -> Params.parse("tensor.info", List.of(), Map.of("x", "1")));
        assertTrue(e.getMessage().contains("none"), e.getMessage());
    }

    @Test
    void wrongTypeAndRangeNameParameterAndValue() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Params.parse("md.run", SPECS, Map.of("label", "a", "steps", "many")));
        assertTrue(e.getMessage().contains("'steps'") && e.getMessage().contains("'many'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Params.parse("md.run", SPECS, Map.of("label", "a", "temperature", "-5")));
        assertTrue(e.getMessage().contains("'temperature'") && e.getMessage().contains("-5") && e.getMessage().contains("K"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Params.parse("md.run", SPECS, Map.of("label", "a", "dtype", "int8")));
        assertTrue(e.getMessage().contains("float64, float32"), e.getMessage());
    }

    @Test
    void missingRequiredParameterSaysHowToGiveIt() {
        BadInputException e = assertThrows(BadInputException.class, () -> Params.parse("md.run", SPECS, Map.of()));
        assertTrue(e.getMessage().contains("missing required parameter 'label'"), e.getMessage());
        assertTrue(e.getMessage().contains("label=<text>"), e.getMessage());
    }

    @Test
    void typedAccessors() {
        Params p = Params.of(Map.of("b", true, "l", List.of(1.5, 2.5)));
        assertTrue(p.getBoolean("b"));
        assertEquals(List.of(1.5, 2.5), p.getDoubleList("l"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.get("missing"));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> p.asMap().put("x", 1));
    }
}
