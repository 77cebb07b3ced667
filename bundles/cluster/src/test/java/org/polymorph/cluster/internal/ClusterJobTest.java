package org.polymorph.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Progress;

/** The coordinator's scheduling over in-JVM members: spreading, loss of a member, late answers, declines, bad signatures. */
class ClusterJobTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Map<String, WorkKind> KINDS = Map.of(SquareKind.NAME, new SquareKind());
    private static final List<String> ADVERTISED = List.of(SquareKind.NAME);

    private static List<WorkItem> items(int n) {
        List<WorkItem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new WorkItem("i" + i, SquareKind.NAME, Map.of("a", 0.1 * i), 1000L + i));
        return out;
    }

    /** What one process gets: each item run here and read back from JSON. */
    private static List<Map<String, Object>> expected(List<WorkItem> items) {
        return items.stream().map(i -> WorkKind.runCanonical(new SquareKind(), i, Progress.NONE)).toList();
    }

    private static ClusterJob job(List<WorkItem> items, FakeTransport t) {
        return new ClusterJob("job-1", items, t, new Signer(SECRET), 2_000);
    }

    @Test
    void spreadsItemsOverMembersWithinTheirCoresAndKeepsOrderAndBits() {
        FakeTransport t = new FakeTransport().member("a", 2, ADVERTISED, KINDS, SECRET).member("b", 1, ADVERTISED, KINDS, SECRET)
                .member("c", 3, ADVERTISED, KINDS, SECRET);
        List<WorkItem> items = items(40);
        List<long[]> reports = new ArrayList<>();
        WorkResults r = job(items, t).run((done, total, msg) -> reports.add(new long[] {done, total}));
        assertEquals(expected(items), r.values());
        for (int i = 0; i < items.size(); i++) {
            double square = (Double) r.values().get(i).get("square");
            assertEquals(Double.doubleToRawLongBits((1000.0 + i) * (1000 + i) + 0.1 * i), Double.doubleToRawLongBits(square));
        }
        assertEquals(0, r.retries());
        assertEquals(0, r.duplicates());
        assertTrue(r.membersUsed() >= 2, "items ran on " + r.ranOn());
        assertTrue(t.maxBusy.get("a").get() <= 2 && t.maxBusy.get("b").get() <= 1 && t.maxBusy.get("c").get() <= 3, "cores exceeded");
        assertEquals(40, reports.size());
        assertEquals(40, reports.get(39)[0]);
        assertEquals(40, t.received.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum(), "one offer per item");
    }

    @Test
    void itemsOfAMemberThatLeftRunElsewhereOnce() throws Exception {
        FakeTransport t = new FakeTransport().member("a", 1, ADVERTISED, KINDS, SECRET).member("b", 2, ADVERTISED, KINDS, SECRET);
        List<WorkItem> items = items(8);
        CountDownLatch held = t.hold("b", "i1");
        ClusterJob job = job(items, t);
        CompletableFuture<WorkResults> run = CompletableFuture.supplyAsync(() -> job.run(Progress.NONE));
        assertTrue(t.arrived("b", "i1"));
        t.remove("b");
        job.memberLeft("b");
        held.countDown();                                   // the held item now fails as lost with its member
        WorkResults r = run.get(20, TimeUnit.SECONDS);
        assertEquals(expected(items), r.values());
        assertEquals("a", r.ranOn().get(1));
        assertTrue(r.retries() >= 1, "retries " + r.retries());
        assertEquals(0, r.duplicates());
    }

    @Test
    void aLateAnswerOfARetriedItemIsCountedOnceAsADuplicate() throws Exception {
        FakeTransport t = new FakeTransport().member("a", 3, ADVERTISED, KINDS, SECRET).member("b", 3, ADVERTISED, KINDS, SECRET);
        t.lateAnswers = true;
        List<WorkItem> items = items(3);                    // i0 -> a, i1 -> b, i2 -> a (the most free cores first)
        CountDownLatch lateB = t.hold("b", "i1");
        CountDownLatch lastA = t.hold("a", "i2");
        ClusterJob job = job(items, t);
        CompletableFuture<WorkResults> run = CompletableFuture.supplyAsync(() -> job.run(Progress.NONE));
        assertTrue(t.arrived("b", "i1"));
        assertTrue(t.arrived("a", "i2"));
        t.remove("b");
        job.memberLeft("b");                                // i1 goes to a, which answers at once
        Thread.sleep(500);
        lateB.countDown();                                  // b's answer to i1 arrives after a's
        Thread.sleep(500);
        lastA.countDown();
        WorkResults r = run.get(20, TimeUnit.SECONDS);
        assertEquals(expected(items), r.values());
        assertEquals(List.of("a", "a", "a"), r.ranOn());
        assertEquals(1, r.retries());
        assertEquals(1, r.duplicates());
    }

    @Test
    void aMemberLackingTheKindDeclinesAndTheItemRunsElsewhere() {
        // a advertises the kind but its bundle is gone: it declines, and gets no more items of that kind in this job
        FakeTransport t = new FakeTransport().member("a", 2, ADVERTISED, Map.of(), SECRET).member("b", 1, ADVERTISED, KINDS, SECRET);
        List<WorkItem> items = items(6);
        WorkResults r = job(items, t).run(Progress.NONE);
        assertEquals(expected(items), r.values());
        assertFalse(r.ranOn().contains("a"));
        assertTrue(r.declined() >= 1 && r.declined() <= 2, "declined " + r.declined());
        assertEquals(r.declined(), t.received.get("a").get());
    }

    @Test
    void anAnswerSignedWithAnotherSecretIsDroppedAndTheItemRunsElsewhere() {
        FakeTransport t = new FakeTransport().member("a", 2, ADVERTISED, KINDS, "another-secret-another-secret-xx")
                .member("b", 1, ADVERTISED, KINDS, SECRET);
        List<WorkItem> items = items(5);
        WorkResults r = job(items, t).run(Progress.NONE);
        assertEquals(expected(items), r.values());
        assertFalse(r.ranOn().contains("a"));
        assertTrue(r.retries() >= 1);
    }

    @Test
    void aKindNoMemberHasIsBadInputNamingIt() {
        FakeTransport t = new FakeTransport().member("a", 2, List.of("other.kind"), Map.of(), SECRET);
        BadInputException e = assertThrows(BadInputException.class, () -> job(items(2), t).run(Progress.NONE));
        assertTrue(e.getMessage().contains("'test.square'") && e.getMessage().contains("other.kind"), e.getMessage());
    }

    @Test
    void whenEveryMemberDeclinesTheJobFailsAsBadInput() {
        FakeTransport t = new FakeTransport().member("a", 2, ADVERTISED, Map.of(), SECRET);
        BadInputException e = assertThrows(BadInputException.class, () -> job(items(2), t).run(Progress.NONE));
        assertTrue(e.getMessage().contains("no member of the cluster can run the work kind 'test.square'"), e.getMessage());
    }

    @Test
    void badParametersStayBadInputNamingTheItem() {
        FakeTransport t = new FakeTransport().member("a", 2, ADVERTISED, KINDS, SECRET);
        List<WorkItem> items = List.of(new WorkItem("bad", SquareKind.NAME, Map.of("a", "x"), 1));
        BadInputException e = assertThrows(BadInputException.class, () -> job(items, t).run(Progress.NONE));
        assertTrue(e.getMessage().startsWith("work item bad: a = x"), e.getMessage());
    }

    @Test
    void cancellationAbandonsTheJob() throws Exception {
        FakeTransport t = new FakeTransport().member("a", 1, ADVERTISED, KINDS, SECRET);
        CountDownLatch held = t.hold("a", "i0");
        AtomicBoolean cancelled = new AtomicBoolean();
        Progress p = new Progress() {
            @Override
            public void update(long done, long total, String message) { }

            @Override
            public boolean cancelled() { return cancelled.get(); }
        };
        ClusterJob job = job(items(3), t);
        CompletableFuture<WorkResults> run = CompletableFuture.supplyAsync(() -> job.run(p));
        assertTrue(t.arrived("a", "i0"));
        assertEquals(1, job.inFlight().size());
        cancelled.set(true);
        Exception e = assertThrows(Exception.class, () -> run.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof CancelledException, String.valueOf(e.getCause()));
        assertEquals(0, job.inFlight().size());
        held.countDown();
    }
}
