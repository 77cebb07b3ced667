package org.polymorph.gpu.cuda.internal;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A caching allocator of device memory: a request is rounded up to its size class (a power of two
 * from 256 bytes to 64 MiB, whole MiB above), served from that class's free list when one is cached
 * and from {@link Device#allocate} otherwise. A released block goes back to its free list while the
 * cached total stays within {@code maxCachedBytes}, and is freed on the device otherwise. When the
 * device runs out of memory the cache is freed and the allocation tried once more. Thread-safe.
 *
 * <p>A {@link Block} is released explicitly ({@link Block#release}) or, once unreachable, by a
 * {@link Cleaner}. The caller releases a block only when no queued device work still uses it (the
 * CUDA TensorService finishes each op's work before it returns), since the block may be handed to
 * any thread next.
 */
public final class DeviceAllocator {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final long MIN_CLASS = 256;
    private static final long MIB = 1L << 20;
    private static final long MAX_POW2_CLASS = 64 * MIB;

    private final Device device;
    private final long maxCachedBytes;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long cachedBytes;
    private long liveBytes;
    private long hits;
    private long misses;
    private long deviceFrees;

    /** {@code maxCachedBytes}: the most bytes kept in the free lists (>= 0; 0 caches nothing). */
    public DeviceAllocator(Device device, long maxCachedBytes) {
        if (maxCachedBytes < 0) {
            throw new IllegalArgumentException("maxCachedBytes=" + maxCachedBytes + " is negative; give 0 (no cache) or a byte count");
        }
        this.device = device;
        this.maxCachedBytes = maxCachedBytes;
    }

    /** The size class of a request of {@code bytes}: what a block for it really holds. */
    static long sizeClass(long bytes) {
        if (bytes <= MIN_CLASS) return MIN_CLASS;
        if (bytes <= MAX_POW2_CLASS) return Long.highestOneBit(bytes - 1) << 1;
        return (bytes + MIB - 1) / MIB * MIB;
    }

    /** A block of at least {@code bytes} (>= 0) bytes of device memory; contents undefined. */
    public Block allocate(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("bytes=" + bytes + " is negative; give a size >= 0");
        long size = sizeClass(bytes);
        long handle;
        synchronized (this) {
            ArrayDeque<Long> list = free.get(size);
            Long cached = list == null ? null : list.pollLast();
            if (cached != null) {
                cachedBytes -= size;
                liveBytes += size;
                hits++;
                return new Block(this, cached, size);
            }
            misses++;
        }
        try {
            handle = device.allocate(size);
        } catch (DeviceException e) {
            if (trim() == 0) throw e;
            handle = device.allocate(size);
        }
        synchronized (this) {
            liveBytes += size;
        }
        return new Block(this, handle, size);
    }

    private void release(long handle, long size) {
        synchronized (this) {
            liveBytes -= size;
            if (cachedBytes + size <= maxCachedBytes) {
                free.computeIfAbsent(size, k -> new ArrayDeque<>()).addLast(handle);
                cachedBytes += size;
                return;
            }
            deviceFrees++;
        }
        device.free(handle);
    }

    /** Frees every cached block on the device; returns the bytes freed. */
    public long trim() {
        Map<Long, ArrayDeque<Long>> taken;
        long bytes;
        synchronized (this) {
            taken = new HashMap<>(free);
            free.clear();
            bytes = cachedBytes;
            cachedBytes = 0;
            for (ArrayDeque<Long> list : taken.values()) deviceFrees += list.size();
        }
        for (ArrayDeque<Long> list : taken.values()) for (long h : list) device.free(h);
        return bytes;
    }

    /** Bytes in blocks handed out and not yet released. */
    public synchronized long liveBytes() { return liveBytes; }

    /** Bytes held in the free lists. */
    public synchronized long cachedBytes() { return cachedBytes; }

    /** Counters: live and cached bytes, the cap, cache hits and misses, device frees. */
    public synchronized Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("live_bytes", liveBytes);
        m.put("cached_bytes", cachedBytes);
        m.put("max_cached_bytes", maxCachedBytes);
        m.put("hits", hits);
        m.put("misses", misses);
        m.put("device_frees", deviceFrees);
        return m;
    }

    /** One allocation: a device address and the bytes it holds (its size class). */
    public static final class Block {
        private final long handle;
        private final long bytes;
        private final Cleaner.Cleanable cleanable;

        private Block(DeviceAllocator owner, long handle, long bytes) {
            this.handle = handle;
            this.bytes = bytes;
            this.cleanable = CLEANER.register(this, new Release(owner, handle, bytes));
        }

        /** The device address. */
        public long handle() { return handle; }

        /** The bytes it holds (>= the bytes asked for). */
        public long bytes() { return bytes; }

        /** Returns the block to its allocator now; later calls do nothing. */
        public void release() { cleanable.clean(); }
    }

    /** The release action, holding no reference to its Block (so the Block can become unreachable). */
    private record Release(DeviceAllocator owner, long handle, long bytes) implements Runnable {
        @Override public void run() { owner.release(handle, bytes); }
    }
}
