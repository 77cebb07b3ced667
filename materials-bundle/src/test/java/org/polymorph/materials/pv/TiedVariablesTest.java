package org.polymorph.materials.pv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;

/** A variable tied to several paths (a material shared by layers, as deltapv's make_design with one material). */
class TiedVariablesTest {
    static final String VARIABLES = """
            [{"path": ["layers[0].material.mu_p", "layers[1].material.mu_p"], "lower": 1, "upper": 3, "scale": "log10"},
             {"path": ["layers[0].material.Eg", "layers[1].material.Eg"], "lower": 0.5, "upper": 2}]""";

    @Test
    void setsEveryPathAndSumsTheirDerivatives() {
        PvDesign d = PvSimulatorTest.homojunction();
        PvVariables v = PvVariables.parse(Json.parse(VARIABLES), d, "variables");
        assertEquals(List.of("layers[0].material.mu_p", "layers[1].material.mu_p"), v.list().get(0).paths());
        assertEquals("layers[0].material.mu_p", v.list().get(0).path());
        assertEquals(List.of("layers[0].material.mu_p", "layers[0].material.Eg"), v.paths());
        PvDesign e = v.apply(d, new double[] {2.2, 1.2});
        for (PvDesign.Layer l : e.layers()) {
            assertEquals(Math.pow(10, 2.2), l.material().muP(), 1e-12);
            assertEquals(1.2, l.material().eg(), 0);
        }
        double[] g = v.chain(new double[] {2.0, 1.2}, p -> p.startsWith("layers[0]") ? 1.0 : 2.0);
        assertEquals(3.0 * 100 * Math.log(10), g[0], 1e-10);
        assertEquals(3.0, g[1], 0);
        assertEquals(1, new PvVariables.Variable("contacts.Sn_left", 0, 1, PvVariables.Scale.LINEAR).paths().size());
    }

    @Test
    void rejectsRepeatedAndNonTextPaths() {
        PvDesign d = PvSimulatorTest.homojunction();
        BadInputException twice = assertThrows(BadInputException.class, () -> PvVariables.parse(Json.parse(
                "[{\"path\": [\"layers[0].material.Eg\", \"layers[0].material.Eg\"], \"lower\": 0.5, \"upper\": 2}]"), d, "variables"));
        assertEquals("variables[0].path", twice.parameter().orElseThrow());
        BadInputException across = assertThrows(BadInputException.class, () -> PvVariables.parse(Json.parse(
                "[{\"path\": \"layers[1].material.Eg\", \"lower\": 0.5, \"upper\": 2},"
                + " {\"path\": [\"layers[0].material.Eg\", \"layers[1].material.Eg\"], \"lower\": 0.5, \"upper\": 2}]"), d, "variables"));
        assertEquals("variables[1].path", across.parameter().orElseThrow());
        BadInputException notText = assertThrows(BadInputException.class, () -> PvVariables.parse(Json.parse(
                "[{\"path\": [1, 2], \"lower\": 0.5, \"upper\": 2}]"), d, "variables"));
        assertTrue(notText.getMessage().contains("variables[0].path"), notText.getMessage());
    }
}
