package org.polymorph.materials.pv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;

/** Named design inputs and optimisation variables over them. */
class DesignInputsTest {
    @Test
    void namesValuesAndWith() {
        PvDesign d = PvSimulatorTest.homojunction();
        List<String> names = DesignInputs.names(d);
        assertEquals(2 * 16 + 6, names.size());
        assertEquals(1.5, DesignInputs.get(d, "layers[1].material.Eg", "p"));
        assertEquals(-1e15, DesignInputs.get(d, "layers[1].doping_cm3", "p"));
        assertEquals(1e7, DesignInputs.get(d, "contacts.Sn_left", "p"));
        PvDesign e = DesignInputs.with(d, Map.of("layers[1].material.Eg", 1.4, "contacts.Sn_right", 5.0));
        assertEquals(1.4, DesignInputs.get(e, "layers[1].material.Eg", "p"));
        assertEquals(1.5, DesignInputs.get(e, "layers[0].material.Eg", "p"), "the @0 copy of layer 1 is its own");
        assertEquals(5.0, e.contacts().snRight());
        double[] before = DesignInputs.values(d), after = DesignInputs.values(DesignInputs.with(d, Map.of()));
        assertArrayEquals(before, after, 0);
        BadInputException unknown = assertThrows(BadInputException.class, () -> DesignInputs.get(d, "layers[0].material.Egg", "variables[0].path"));
        assertTrue(unknown.getMessage().contains("variables[0].path") && unknown.getMessage().contains("Eg"), unknown.getMessage());
        BadInputException range = assertThrows(BadInputException.class, () -> DesignInputs.with(d, Map.of("layers[0].material.Eg", -1.0)));
        assertTrue(range.getMessage().contains("layers[0].material.Eg"), range.getMessage());
    }

    @Test
    void variablesMapLog10AndChain() {
        PvDesign d = PvSimulatorTest.homojunction();
        PvVariables v = PvVariables.parse(Json.parse("""
                [{"path": "layers[1].material.mu_p", "lower": 1, "upper": 3, "scale": "log10"},
                 {"path": "layers[1].material.Eg", "lower": 0.5, "upper": 2}]"""), d, "variables");
        double[] x = v.start(d);
        assertEquals(2.0, x[0], 1e-15);
        assertEquals(1.5, x[1]);
        PvDesign e = v.apply(d, new double[] {Math.log10(160), 1.0});
        assertEquals(160, e.layers().get(1).material().muP(), 1e-12);
        double[] g = v.chain(new double[] {2, 1}, p -> p.endsWith("mu_p") ? 3.0 : 7.0);
        assertEquals(3.0 * 100 * Math.log(10), g[0], 1e-12);
        assertEquals(7.0, g[1]);
        BadInputException bad = assertThrows(BadInputException.class,
                () -> PvVariables.parse(Json.parse("[{\"path\": \"layers[0].material.Eg\", \"lower\": 2, \"upper\": 1}]"), d, "variables"));
        assertTrue(bad.getMessage().contains("variables[0].upper"), bad.getMessage());
        BadInputException scale = assertThrows(BadInputException.class,
                () -> PvVariables.parse(Json.parse("[{\"path\": \"layers[0].material.Eg\", \"lower\": 1, \"upper\": 2, \"scale\": \"ln\"}]"), d, "variables"));
        assertTrue(scale.getMessage().contains("variables[0].scale"), scale.getMessage());
    }
}
