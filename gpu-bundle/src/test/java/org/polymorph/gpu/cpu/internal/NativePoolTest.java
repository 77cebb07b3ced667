package org.polymorph.gpu.cpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.DType;

class NativePoolTest {
    private static final long N = 1L << 18; // 2 MiB of float64, above MIN_BYTES

    private static long count(NativePool pool, String key) {
        return ((Number) pool.stats().get(key)).longValue();
    }

    /** Collects and drains until the pool has taken back {@code want} buffers (the reference queue fills after a collection). */
    private static void awaitReturned(NativePool pool, long want) throws InterruptedException {
        for (int i = 0; i < 200 && count(pool, "returned") < want; i++) {
            System.gc();
            Thread.sleep(10);
            pool.drain();
        }
        assertTrue(count(pool, "returned") >= want, "returned " + pool.stats());
    }

    @Test
    void aDeadOwnersBufferIsHandedOutAgainWithItsContentsOverwritable() throws Exception {
        NativePool pool = new NativePool(64L << 20, 0);
        Object owner = new Object();
        DoublePointer p = (DoublePointer) pool.allocate(DType.FLOAT64, N);
        long address = p.address();
        pool.own(owner, p, DType.FLOAT64, N);
        p.put(N - 1, 42.0);
        owner = null;
        awaitReturned(pool, 1);
        DoublePointer q = (DoublePointer) pool.allocate(DType.FLOAT64, N);
        assertEquals(address, q.address(), "the same block comes back");
        assertEquals(N, q.capacity());
        q.put(N - 1, 7.0);
        assertEquals(7.0, q.get(N - 1));
        assertEquals(1, count(pool, "fresh"));
        assertEquals(1, count(pool, "reused"));
        pool.own(new Object(), q, DType.FLOAT64, N);
    }

    @Test
    void aLiveOwnerKeepsItsBufferAndOtherSizesGetTheirOwn() {
        NativePool pool = new NativePool(64L << 20, 0);
        Object owner = new Object();
        Pointer p = pool.allocate(DType.FLOAT64, N);
        pool.own(owner, p, DType.FLOAT64, N);
        System.gc();
        Pointer q = pool.allocate(DType.FLOAT64, N);
        Pointer r = pool.allocate(DType.FLOAT32, N);
        assertTrue(p.address() != q.address() && q.address() != r.address());
        assertEquals(3, count(pool, "fresh"));
        java.lang.ref.Reference.reachabilityFence(owner);
        pool.own(new Object(), q, DType.FLOAT64, N);
        pool.own(new Object(), r, DType.FLOAT32, N);
    }

    @Test
    void freeListsHoldAtMostMaxBytesTheRestIsFreed() throws Exception {
        long bytes = N * 8;
        NativePool pool = new NativePool(2 * bytes, 0);
        List<Object> owners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Object o = new Object();
            pool.own(o, pool.allocate(DType.FLOAT64, N), DType.FLOAT64, N);
            owners.add(o);
        }
        owners.clear();
        awaitReturned(pool, 5);
        Map<String, Object> s = pool.stats();
        assertEquals(2 * bytes, ((Number) s.get("pooled_bytes")).longValue(), s.toString());
        assertEquals(3L, ((Number) s.get("freed")).longValue(), s.toString());
    }

    @Test
    void smallBuffersAndADisabledPoolBypassTheFreeLists() {
        NativePool pool = new NativePool(64L << 20, 0);
        pool.own(new Object(), pool.allocate(DType.FLOAT64, 16), DType.FLOAT64, 16);
        NativePool off = new NativePool(0, 0);
        off.own(new Object(), off.allocate(DType.FLOAT64, N), DType.FLOAT64, N);
        assertEquals(0, count(pool, "fresh"));
        assertEquals(0, count(off, "fresh"));
    }

    @Test
    void nudgesBackOffWhileTheProgramKeepsEverything() {
        long bytes = N * 8;
        NativePool pool = new NativePool(64L << 20, 2 * bytes);
        List<Object> owners = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Object o = new Object();
            pool.own(o, pool.allocate(DType.FLOAT64, N), DType.FLOAT64, N);
            owners.add(o);
        }
        // thresholds 2, 4, 8 blocks of fresh allocation: nudges after blocks 2, 6 and 14 (the first resets, the rest double)
        long nudges = count(pool, "gc_nudges");
        assertTrue(nudges >= 3 && nudges <= 4, pool.stats().toString());
        assertTrue(count(pool, "nudge_bytes") >= 8 * bytes, pool.stats().toString());
        assertEquals(16, owners.size());
    }

    @Test
    void aNudgeBringsBackTheResultsALoopDropped() {
        // a loop that keeps nothing: after the first nudge (2 blocks of fresh allocation) the blocks come back
        long bytes = N * 8;
        NativePool pool = new NativePool(64L << 20, 2 * bytes);
        for (int i = 0; i < 12; i++) pool.own(new Object(), pool.allocate(DType.FLOAT64, N), DType.FLOAT64, N);
        assertTrue(count(pool, "reused") >= 6 && count(pool, "gc_nudges") >= 1, pool.stats().toString());
    }

    @Test
    void badSettingsNameThePropertyAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NativePool(-1, 0));
        assertTrue(e.getMessage().contains("polymorph.nd4j.pool.maxBytes = -1"), e.getMessage());
    }
}
