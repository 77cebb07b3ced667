package org.polymorph.gpu.cpu.internal;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.polymorph.core.tensor.DType;

/**
 * Recycles the large native buffers behind tensors (GEMM results, native copies of operands).
 *
 * <p>Why: fresh memory from the kernel is zeroed page by page on first touch; for an n = 1000
 * float64 GEMM result (8 MB) that cost 4 ms against a 13 ms product here (measured: 115–126 GFLOP/s
 * into a fresh buffer, 140–157 into a reused one; numpy reuses the block its previous result just
 * freed). Java frees nothing until the collector finds the tensor dead, so a buffer of at least
 * {@link #MIN_BYTES} is tracked by a phantom reference to its owning {@link Storage}; when the
 * collector has found the owner dead, the next allocation (in the allocating thread, no helper thread)
 * moves the buffer to a free list keyed by its byte size, from which requests of that size are served.
 * The free lists hold at most {@code maxBytes} (more is freed). Dead buffers wait in the reference
 * queue until the next large allocation.
 *
 * <p>A loop that allocates nothing on the Java heap gives the collector no reason to run, so the
 * dead results would never come back: after {@code nudgeBytes} of fresh large buffers the pool asks
 * for a collection ({@link System#gc()}; the launcher sets {@code -XX:+ExplicitGCInvokesConcurrent}
 * so that this is a short young pause) and waits up to {@link #NUDGE_WAIT_MS} ms for the first dead
 * buffer to be enqueued. When a nudge brings nothing back (the program keeps its
 * results alive) the threshold doubles, so a program that only grows pays at most a logarithmic
 * number of collections. Properties: {@code polymorph.nd4j.pool.maxBytes} (default 512 MiB; 0
 * turns the pool off) and {@code polymorph.nd4j.pool.nudgeBytes} (default 64 MiB; 0: never).
 */
final class NativePool {
    /** Smaller buffers come from malloc's own free lists, which reuse warm memory already. */
    static final long MIN_BYTES = 1L << 20;

    /** How long an allocation waits after a nudge for the collector's first dead buffer. */
    static final long NUDGE_WAIT_MS = 5;
    private static final NativePool SHARED = new NativePool(
            Long.getLong("polymorph.nd4j.pool.maxBytes", 512L << 20),
            Long.getLong("polymorph.nd4j.pool.nudgeBytes", 64L << 20));

    private final long maxBytes;
    private final long baseNudge;
    private final ConcurrentHashMap<Long, ConcurrentLinkedDeque<Pointer>> free = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> dead = new ReferenceQueue<>();
    private final Set<Owned> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong pooledBytes = new AtomicLong();
    private final AtomicLong freshSinceNudge = new AtomicLong();
    private final AtomicLong returnedSinceNudge = new AtomicLong();
    private volatile long nudgeBytes;
    private final AtomicLong fresh = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private final AtomicLong returned = new AtomicLong();
    private final AtomicLong freed = new AtomicLong();
    private final AtomicLong nudges = new AtomicLong();

    NativePool(long maxBytes, long nudgeBytes) {
        if (maxBytes < 0) throw new IllegalArgumentException("polymorph.nd4j.pool.maxBytes = " + maxBytes + "; give bytes >= 0 (0 turns the pool off)");
        if (nudgeBytes < 0) throw new IllegalArgumentException("polymorph.nd4j.pool.nudgeBytes = " + nudgeBytes + "; give bytes >= 0 (0: never)");
        this.maxBytes = maxBytes;
        this.baseNudge = nudgeBytes;
        this.nudgeBytes = nudgeBytes;
    }

    static NativePool shared() { return SHARED; }

    /** A native buffer of {@code length} elements of a float dtype, uninitialised; the caller must {@link #own} it. */
    Pointer allocate(DType dtype, long length) {
        long bytes = Math.max(1, length) * dtype.byteSize();
        if (maxBytes == 0 || bytes < MIN_BYTES) return typed(dtype, null, length);
        drain();
        Pointer raw = poll(bytes);
        if (raw == null && nudge(bytes)) raw = poll(bytes);
        if (raw != null) {
            reused.incrementAndGet();
        } else {
            raw = Pointer.malloc(bytes);
            if (raw == null || raw.isNull()) throw new OutOfMemoryError("native malloc of " + bytes + " bytes failed");
            fresh.incrementAndGet();
        }
        return typed(dtype, raw, length);
    }

    /**
     * Ties a buffer from {@link #allocate} to {@code owner}: when the owner is unreachable the buffer
     * goes back to the free list. The buffer must not be used after its owner dies (callers keep the
     * owner reachable across native calls, e.g. with {@link java.lang.ref.Reference#reachabilityFence}).
     */
    void own(Object owner, Pointer buffer, DType dtype, long length) {
        long bytes = Math.max(1, length) * dtype.byteSize();
        if (maxBytes == 0 || bytes < MIN_BYTES) return; // JavaCPP's own deallocator frees it
        live.add(new Owned(owner, new Pointer(buffer).position(0), bytes, dead));
    }

    /** A buffer and the phantom reference to its owner. */
    private static final class Owned extends PhantomReference<Object> {
        final Pointer raw;
        final long bytes;

        Owned(Object owner, Pointer raw, long bytes, ReferenceQueue<Object> q) {
            super(owner, q);
            this.raw = raw;
            this.bytes = bytes;
        }
    }

    /** Moves the buffers of owners the collector found dead to the free lists. */
    void drain() {
        for (Reference<?> r; (r = dead.poll()) != null; ) reclaim(r);
    }

    private void reclaim(Reference<?> r) {
        Owned o = (Owned) r;
        if (live.remove(o)) release(o.raw, o.bytes);
    }

    private Pointer poll(long bytes) {
        ConcurrentLinkedDeque<Pointer> q = free.get(bytes);
        Pointer p = q == null ? null : q.pollFirst();
        if (p != null) pooledBytes.addAndGet(-bytes);
        return p;
    }

    private void release(Pointer raw, long bytes) {
        returned.incrementAndGet();
        returnedSinceNudge.incrementAndGet();
        if (pooledBytes.addAndGet(bytes) <= maxBytes) {
            free.computeIfAbsent(bytes, k -> new ConcurrentLinkedDeque<>()).addFirst(raw);
        } else {
            pooledBytes.addAndGet(-bytes);
            freed.incrementAndGet();
            Pointer.free(raw);
        }
    }

    /** Asks for a collection when {@code nudgeBytes} of fresh buffers were made since the last; true when it did. */
    private boolean nudge(long bytes) {
        long limit = nudgeBytes;
        if (limit == 0 || freshSinceNudge.addAndGet(bytes) < limit) return false;
        synchronized (this) {
            if (freshSinceNudge.get() < nudgeBytes) return false;
            // nothing came back since the last nudge: the program holds its buffers; ask less often
            boolean fruitless = nudges.get() > 0 && returnedSinceNudge.get() == 0;
            nudgeBytes = fruitless ? Math.min(nudgeBytes * 2, 1L << 40) : baseNudge;
            freshSinceNudge.set(0);
            returnedSinceNudge.set(0);
            nudges.incrementAndGet();
        }
        System.gc();
        try {
            Reference<?> r = dead.remove(NUDGE_WAIT_MS);
            if (r != null) reclaim(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
        return true;
    }

    private static Pointer typed(DType dtype, Pointer raw, long length) {
        if (dtype == DType.FLOAT64) {
            return raw == null ? new DoublePointer(length) : new DoublePointer(raw).capacity(length).limit(length);
        }
        if (dtype == DType.FLOAT32) {
            return raw == null ? new FloatPointer(length) : new FloatPointer(raw).capacity(length).limit(length);
        }
        throw new IllegalStateException("no native storage for " + dtype);
    }

    /** Counters for benchmarks and {@code backend}: buffers made, reused, returned and freed, bytes held, collections asked for. */
    Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fresh", fresh.get());
        m.put("reused", reused.get());
        m.put("returned", returned.get());
        m.put("freed", freed.get());
        m.put("pooled_bytes", pooledBytes.get());
        m.put("gc_nudges", nudges.get());
        m.put("max_bytes", maxBytes);
        m.put("nudge_bytes", nudgeBytes);
        return m;
    }
}
