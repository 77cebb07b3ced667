package org.polymorph.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The run-scoped backend selection on a thread, its hand-over to other threads, and the probe of a backend to come. */
class BackendsTest {
    @Test
    void aSelectionHoldsForTheBodyAndIsRestoredAfterwardsEvenOnAnException() throws Exception {
        assertEquals(Optional.empty(), Backends.selected());
        String inner = Backends.call("cuda", () -> {
            assertEquals(Optional.of("cuda"), Backends.selected());
            return Backends.call("nd4j-cpu", () -> Backends.selected().orElseThrow());
        });
        assertEquals("nd4j-cpu", inner);
        assertEquals(Optional.empty(), Backends.selected());
        assertThrows(ArithmeticException.class, () -> Backends.run("cuda", () -> { throw new ArithmeticException("boom"); }));
        assertEquals(Optional.empty(), Backends.selected(), "restored after the exception");
        Backends.run("reference", () -> Backends.run(null, () -> assertEquals(Optional.empty(), Backends.selected())));
    }

    @Test
    void whetherTheRunAskedForItsBackendHoldsForTheBodyAndTravelsWithPropagatedWork() throws Exception {
        assertFalse(Backends.requested());
        assertTrue(Backends.call("cuda", true, Backends::requested));
        assertFalse(Backends.call("cuda", false, Backends::requested));
        assertFalse(Backends.call("cuda", Backends::requested), "the plain call is a default selection");
        assertFalse(Backends.call("cuda", true, () -> Backends.call("nd4j-cpu", Backends::requested)), "an inner default selection");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertTrue(Backends.call("cuda", true, () -> pool.submit(Backends.propagate(Backends::requested))).get(10, TimeUnit.SECONDS));
            assertFalse(pool.submit(Backends::requested).get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Backends.requested(), "restored");
    }

    @Test
    void poolThreadsDoNotInheritASelectionButPropagatedWorkCarriesIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Optional<String>> plain = new AtomicReference<>();
            AtomicReference<Optional<String>> carried = new AtomicReference<>();
            AtomicReference<Optional<String>> after = new AtomicReference<>();
            Backends.run("cuda", () -> {
                try {
                    pool.submit(() -> plain.set(Backends.selected())).get();           // the pool's thread is created here
                    assertEquals("cuda", pool.submit(Backends.propagate(() -> Backends.selected().orElseThrow())).get());
                    pool.submit(Backends.propagate(() -> carried.set(Backends.selected()))).get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            pool.submit(() -> after.set(Backends.selected())).get();
            assertEquals(Optional.empty(), plain.get(), "not inherited by a thread the run's thread created");
            assertEquals(Optional.of("cuda"), carried.get());
            assertEquals(Optional.empty(), after.get(), "the pool thread keeps nothing of the earlier run");
            // the selection is captured when propagate is called, not when the work runs
            Runnable captured = Backends.call("reference", () -> Backends.propagate(() -> carried.set(Backends.selected())));
            pool.submit(captured).get();
            assertEquals(Optional.of("reference"), carried.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aProbeWaitsForItsDecisionAndTheFirstDecisionStands() throws Exception {
        BackendProbe probe = new BackendProbe(" cuda ");
        assertEquals("cuda", probe.backend());
        assertFalse(probe.decided());
        Optional<String> early = probe.absence(Duration.ofMillis(20));
        assertTrue(early.orElseThrow().startsWith("still probing after 0.0"), early.toString());

        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Optional<String>> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            waiting.countDown();
            seen.set(probe.absence(Duration.ofSeconds(20)));
        });
        t.start();
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        probe.absent("no CUDA driver (libcuda.so.1 missing)");
        t.join(10_000);
        assertEquals(Optional.of("no CUDA driver (libcuda.so.1 missing)"), seen.get(), "the waiting thread got the reason");
        probe.registered();
        assertEquals(Optional.of("no CUDA driver (libcuda.so.1 missing)"), probe.absence(Duration.ZERO), "the first decision stands");

        BackendProbe ok = new BackendProbe("cuda");
        ok.registered();
        assertEquals(Optional.empty(), ok.absence(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new BackendProbe(" "));
    }
}
