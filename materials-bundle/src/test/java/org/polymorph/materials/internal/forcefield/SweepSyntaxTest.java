package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/** ff.fit's sweep= written with '/' between weightings (the older ';' still read); empty weightings and trailing commas refused. */
class SweepSyntaxTest {
    private static final List<Target> TARGETS = List.of(new Target.ElasticConstants(165.7, 63.9, 79.6, "diamond", 5.431, 1),
            new Target.ZeroPressure("diamond", 5.431, 0.01));

    @Test
    void weightingsSplitAtTheSlash() {
        List<Sweep.Weighting> w = Sweep.parse("elastic:1,pressure:0/elastic:0.5,pressure:3", TARGETS);
        assertEquals(2, w.size());
        assertEquals(Map.of("elastic", 0.5, "pressure", 3.0), w.get(1).weights());
        assertEquals(w, Sweep.parse("elastic:1,pressure:0;elastic:0.5,pressure:3", TARGETS));
    }

    @Test
    void inlineTargetsAndBoundsRefuseTrailingCommas() {
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> TargetSpecs.parse("C11=165.7,C12=63.9,C44=79.6,", FixedCatalog.builtin()));
        assertTrue(t.getMessage().contains("'targets'") && t.getMessage().contains("empty element after the last separator"), t.getMessage());
        assertEquals(2, TargetSpecs.bounds("lambda:15:40, A:5:9").size());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> TargetSpecs.bounds("lambda:15:40,"));
        assertTrue(b.getMessage().contains("'bounds'") && b.getMessage().contains("empty element"), b.getMessage());
    }

    @Test
    void emptyWeightingsAndTrailingGarbageAreRefused() {
        for (String[] c : new String[][] {{"elastic:1/", "empty item after the last separator"}, {"elastic:1,", "empty element after the last separator"},
                {"elastic:1//pressure:1", "empty item between"}, {"elastic:1,pressure:2x", "not a number"}, {"elastic:", "not a number"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.parse(c[0], TARGETS), c[0]);
            assertTrue(e.getMessage().contains("sweep") && e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }
}
