package org.polymorph.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PropertyFilesTest {
    @Test
    void expandsReferencesFromItselfThenFallbackAndKeepsUnknownOnes() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("polymorph.home", "/opt/pm");
        p.put("storage", "${polymorph.home}/felix-cache");
        p.put("nested", "${storage}/x-${user}");
        p.put("unknown", "${no.such}/y");
        Map<String, String> out = PropertyFiles.expand(p, n -> n.equals("user") ? "ann" : null);
        assertEquals("/opt/pm/felix-cache", out.get("storage"));
        assertEquals("/opt/pm/felix-cache/x-ann", out.get("nested"));
        assertEquals("${no.such}/y", out.get("unknown"));
    }

    @Test
    void cycleIsReportedNotLooped() {
        Map<String, String> p = Map.of("a", "${b}", "b", "${a}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PropertyFiles.expand(p, n -> null));
        assertEquals(true, e.getMessage().contains("cycle"));
    }
}
