package org.polymorph.materials.pv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;

/** Parsing and validation of design files: every bad entry is named with its value and a fix. */
class PvDesignTest {
    @SuppressWarnings("unchecked")
    private static PvDesign parse(String json) {
        return PvDesign.parse((Map<String, Object>) Json.parse(json), null);
    }

    private static String variant(String from, String to) {
        String s = PvSimulatorTest.HOMOJUNCTION.replace(from, to);
        assertTrue(!s.equals(PvSimulatorTest.HOMOJUNCTION), "the variant changes the design");
        return s;
    }

    private static void rejects(String json, String key, String value) {
        BadInputException e = assertThrows(BadInputException.class, () -> parse(json));
        assertEquals(key, e.parameter().orElseThrow(), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
        assertTrue(e.fix().isPresent() && !e.fix().get().isBlank(), "a fix is given");
    }

    @Test
    void negativeThickness() { rejects(variant("\"thickness_um\": 0.05", "\"thickness_um\": -0.05"), "layers[0].thickness_um", "-0.05"); }

    @Test
    void nonPositiveGap() { rejects(variant("\"Eg\": 1.5", "\"Eg\": 0"), "layers[0].material.Eg", "0"); }

    @Test
    void unknownKeys() {
        rejects(variant("\"Eg\": 1.5", "\"Egg\": 1.5"), "layers[0].material.Egg", "1.5");
        rejects(variant("\"voltage_step\"", "\"voltage_stp\""), "voltage_stp", "0.05");
        rejects(variant("\"Sn_left\"", "\"Sn_lft\""), "contacts.Sn_lft", "1.0E7");
    }

    @Test
    void layerWithTooFewPoints() { rejects(variant("\"thickness_um\": 0.05", "\"thickness_um\": 0.001"), "layers[0].thickness_um", "0.001"); }

    @Test
    void missingOrBadEntries() {
        rejects(variant("\"A\": 1e4", "\"A\": -1"), "layers[0].material.A", "-1");
        rejects(variant("\"material\": \"@0\"", "\"material\": \"@3\""), "layers[1].material", "@3");
        rejects(variant("\"grid_points\": 500", "\"grid_points\": 2"), "grid_points", "2");
        rejects(variant("\"voltage_step\": 0.05", "\"voltage_step\": 0"), "voltage_step", "0");
        rejects(variant("\"tau_n\": 1e-8, ", ""), "layers[0].material.tau_n", "missing");
    }

    @Test
    void materialFromFileAndSharedPointsGoToTheLaterLayer(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m.json"), "{\"Eg\": 1.2, \"Chi\": 4, \"eps\": 10, \"Nc\": 1e18, \"Nv\": 1e18, \"mu_n\": 10, "
                + "\"mu_p\": 10, \"tau_n\": 1e-8, \"tau_p\": 1e-8, \"A\": 1e4}");
        Files.writeString(dir.resolve("d.json"), "{\"grid_points\": 7, \"layers\": [{\"thickness_um\": 2, \"doping_cm3\": 1e16, \"material\": \"m.json\"},"
                + "{\"thickness_um\": 2, \"doping_cm3\": -1e16, \"material\": \"@0\"}]}");
        PvDesign d = PvDesign.read(dir.resolve("d.json"));
        assertEquals(1.2, d.layers().get(1).material().eg());
        // grid 0, 2/3, 4/3, 2, 8/3, 10/3, 4 µm: the point at 2 µm is shared and belongs to layer 1
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1}, d.layerPoints());
    }
}
