package org.polymorph.core.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;

/** Doubles through an item's JSON exactly (non-finite ones by name), named errors for bad parameters, and the run's tally. */
class WorkValuesTest {
    @Test
    void everyDoubleReadsBackExactlyThroughAnItem() {
        double[] v = {0.1, -0.0, 1e-310, Double.MIN_VALUE, Double.MAX_VALUE, 1 / 3.0, Math.PI * 1e17, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 123456789.0};
        WorkItem item = new WorkItem("a", "k", Map.of("v", WorkValues.reals(v), "x", WorkValues.real(Double.NaN)), 3);
        WorkItem back = WorkItem.fromJson(item.toJson());
        double[] got = WorkValues.reals(back.params(), "v");
        assertEquals(v.length, got.length);
        for (int i = 0; i < v.length; i++) assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(got[i]), "element " + i);
        assertTrue(Double.isNaN(WorkValues.real(back.params(), "x")));
    }

    @Test
    void badParametersAreNamedWithTheirValue() {
        Map<String, Object> p = WorkValues.within(Map.of("n", "ten", "k", 5L, "l", List.of(1.0, "x"), "b", 1L), "outer");
        BadInputException e = assertThrows(BadInputException.class, () -> WorkValues.integer(p, "outer.n", 0, 10));
        assertEquals("outer.n", e.parameter().orElseThrow());
        assertTrue(e.getMessage().contains("'ten'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> WorkValues.integer(p, "outer.k", 6, 10));
        assertTrue(e.getMessage().contains("[6, 10]"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> WorkValues.reals(p, "outer.l"));
        assertEquals("outer.l[1]", e.parameter().orElseThrow());
        e = assertThrows(BadInputException.class, () -> WorkValues.text(p, "outer.missing"));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertThrows(BadInputException.class, () -> WorkValues.bool(p, "outer.b"));
        assertEquals(5L, WorkValues.integer(p, "outer.k", 0, 10));
        assertArrayEquals(new double[] {2.5}, WorkValues.reals(List.of(2.5), "z"), 0.0);
    }

    @Test
    void theTallyCountsItemsMembersAndRetriesOverJobs() {
        WorkTally t = new WorkTally(Placement.CLUSTER);
        t.add(new WorkResults(List.of(Map.of(), Map.of()), List.of("m1", "m2"), 1, 0));
        t.add(new WorkResults(List.of(Map.of()), List.of("m1"), 0, 2));
        Map<String, Object> f = t.facts();
        assertEquals("cluster", f.get("placement"));
        assertEquals(2L, f.get("jobs"));
        assertEquals(3L, f.get("items"));
        assertEquals(2, f.get("members_used"));
        assertEquals(List.of("m1", "m2"), f.get("members"));
        assertEquals(1L, f.get("retries"));
        assertEquals(2L, f.get("declined"));
    }
}
