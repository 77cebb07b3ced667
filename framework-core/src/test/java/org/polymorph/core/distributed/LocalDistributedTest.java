package org.polymorph.core.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polymorph.core.internal.distributed.LocalDistributed;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.service.ServiceCatalog;

class LocalDistributedTest {
    /** A kind whose result depends on its parameters and seed only: a pseudo-random sum. */
    static final WorkKind SUM = new WorkKind() {
        @Override public String name() { return "test.sum"; }

        @Override public Map<String, Object> run(WorkItem item, Progress progress) {
            long n = ((Number) item.params().get("n")).longValue();
            if (n < 0) throw new BadInputException("n = " + n + " is negative; give n >= 0");
            if (n == 13) throw new IllegalStateException("unlucky");
            java.util.Random r = new java.util.Random(item.seed());
            double s = 0;
            for (long i = 0; i < n; i++) s += r.nextDouble() / 3;
            return Map.of("sum", s, "values", new double[] {s, 1.0, -0.0});
        }
    };

    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final LocalDistributed local = new LocalDistributed(ServiceCatalog.of("work kind", Map.of("test.sum", SUM)), pool, 3);

    @AfterEach void close() { pool.shutdownNow(); }

    private static List<WorkItem> items(long... ns) {
        List<WorkItem> out = new ArrayList<>();
        for (int i = 0; i < ns.length; i++) out.add(new WorkItem("i" + i, "test.sum", Map.of("n", ns[i]), 17 + i));
        return out;
    }

    @Test void resultsComeBackInItemOrderAsTheirJsonReadsBack() {
        AtomicLong reports = new AtomicLong();
        WorkResults r = local.map(items(1000, 10, 500, 1, 0, 2000), Placement.CLUSTER, (done, total, msg) -> reports.incrementAndGet());
        assertEquals(6, r.values().size());
        assertEquals(6, reports.get());
        for (int i = 0; i < 6; i++) {
            WorkItem item = items(1000, 10, 500, 1, 0, 2000).get(i);
            Map<String, Object> direct = SUM.run(item, Progress.NONE);
            assertEquals((Double) direct.get("sum"), (Double) r.values().get(i).get("sum"), 0.0, "item " + i);
            assertEquals(List.of(direct.get("sum"), 1.0, -0.0), r.values().get(i).get("values"));
        }
        assertEquals(List.of("local"), r.ranOn().stream().distinct().toList());
        assertEquals(0, r.retries());
    }

    @Test void itemsRoundTripThroughJson() {
        WorkItem item = new WorkItem("a", "k", Map.of("x", new double[] {0.1, 1e-300}, "s", "t"), -5);
        WorkItem back = WorkItem.fromJson(item.toJson());
        assertEquals(item, back);
        assertEquals(List.of(0.1, 1e-300), back.params().get("x"));
        assertThrows(IllegalArgumentException.class, () -> WorkItem.fromJson("{\"id\":\"a\"}"));
        assertThrows(IllegalArgumentException.class, () -> new WorkItem("a", "k", Map.of("x", Double.NaN), 0));
    }

    @Test void badInputNamesTheItemAndAFailureNamesItsItem() {
        BadInputException bad = assertThrows(BadInputException.class, () -> local.map(items(3, -1, 4), Placement.LOCAL, Progress.NONE));
        assertTrue(bad.getMessage().contains("work item i1") && bad.getMessage().contains("n = -1"), bad.getMessage());
        WorkFailedException failed = assertThrows(WorkFailedException.class, () -> local.map(items(3, 13), Placement.LOCAL, Progress.NONE));
        assertEquals("i1", failed.item());
        assertTrue(failed.getMessage().contains("unlucky"));
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> local.map(List.of(new WorkItem("z", "no.such", Map.of(), 0)), Placement.LOCAL, Progress.NONE));
        assertTrue(unknown.getMessage().contains("'no.such'") && unknown.getMessage().contains("test.sum"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> local.map(List.of(items(1).get(0), items(1).get(0)), Placement.LOCAL, Progress.NONE));
    }

    @Test void aCancelledProgressStopsTheJob() {
        Progress cancelled = new Progress() {
            @Override public void update(long done, long total, String message) { }
            @Override public boolean cancelled() { return true; }
        };
        assertThrows(CancelledException.class, () -> local.map(items(100_000_000L, 100_000_000L), Placement.LOCAL, cancelled));
    }

    @Test void theViewShowsOneLocalMemberWithItsKinds() {
        local.map(items(1, 2), Placement.LOCAL, Progress.NONE);
        ClusterView v = local.view();
        assertEquals(false, v.clustered());
        assertEquals(1, v.members().size());
        assertEquals(List.of("test.sum"), v.members().get(0).kinds());
        assertEquals(2, v.members().get(0).done());
        assertEquals(3, v.members().get(0).cores());
    }
}
