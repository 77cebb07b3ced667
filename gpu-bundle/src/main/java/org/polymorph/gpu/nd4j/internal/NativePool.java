package org.polymorph.gpu.nd4j.internal;

import java.lang.ref.Cleaner;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * {@link #MIN_BYTES} is returned to a free list keyed by its byte size when its owning
 * {@link Storage} becomes unreachable (a {@link Cleaner}), and handed out again by the next request of
 * that size. The free lists hold at most {@code maxBytes} (more is freed).
 *
 * <p>A loop that allocates nothing on the Java heap gives the collector no reason to run, so the
 * dead results would never come back: after {@code nudgeBytes} of fresh large buffers the pool asks
 * for a collection ({@link System#gc()}; the launcher sets {@code -XX:+ExplicitGCInvokesConcurrent}
 * so that this is a short young pause). When a nudge brings nothing back (the program keeps its
 * results alive) the threshold doubles, so a program that only grows pays at most a logarithmic
 * number of collections. Properties: {@code polymorph.nd4j.pool.maxBytes} (default 512 MiB; 0
 * turns the pool off) and {@code polymorph.nd4j.pool.nudgeBytes} (default 64 MiB; 0: never).
 */
final class NativePool {
    /** Smaller buffers come from malloc's own free lists, which reuse warm memory already. */
    static final long MIN_BYTES = 1L << 20;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final NativePool SHARED = new NativePool(
            Long.getLong("polymorph.nd4j.pool.maxBytes", 512L << 20),
            Long.getLong("polymorph.nd4j.pool.nudgeBytes", 64L << 20));

    private final long maxBytes;
    private final long baseNudge;
    private final ConcurrentHashMap<Long, ConcurrentLinkedDeque<Pointer>> free = new ConcurrentHashMap<>();
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
        Pointer raw = poll(bytes);
        if (raw != null) {
            reused.incrementAndGet();
        } else {
            maybeNudge(bytes);
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
        Pointer raw = new Pointer(buffer).position(0);
        CLEANER.register(owner, () -> release(raw, bytes));
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

    private void maybeNudge(long bytes) {
        long limit = nudgeBytes;
        if (limit == 0 || freshSinceNudge.addAndGet(bytes) < limit) return;
        synchronized (this) {
            if (freshSinceNudge.get() < nudgeBytes) return;
            // nothing came back since the last nudge: the program holds its buffers; ask less often
            boolean fruitless = nudges.get() > 0 && returnedSinceNudge.get() == 0;
            nudgeBytes = fruitless ? Math.min(nudgeBytes * 2, 1L << 40) : baseNudge;
            freshSinceNudge.set(0);
            returnedSinceNudge.set(0);
            nudges.incrementAndGet();
        }
        System.gc();
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
