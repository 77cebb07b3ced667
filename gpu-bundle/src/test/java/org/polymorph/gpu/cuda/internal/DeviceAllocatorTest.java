package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The caching allocator over a counting fake device: size classes, reuse, the cache cap, out-of-memory retry, release by the Cleaner, threads. */
class DeviceAllocatorTest {
    /** Hands out fake addresses and records allocations and frees; no data operations. */
    static final class CountingDevice implements Device {
        final Set<Long> live = new HashSet<>();
        int allocations;
        int frees;
        int failNext;
        private long next = 0x10000;

        @Override public synchronized long allocate(long bytes) {
            if (failNext > 0) {
                failNext--;
                throw new DeviceException("cuMemAlloc(" + bytes + " bytes)", null, 2, "CUDA_ERROR_OUT_OF_MEMORY");
            }
            allocations++;
            long h = next;
            next += bytes + 256;
            live.add(h);
            return h;
        }

        @Override public synchronized void free(long handle) {
            if (!live.remove(handle)) throw new IllegalStateException("double or foreign free of 0x" + Long.toHexString(handle));
            frees++;
        }

        @Override public void upload(double[] src, int offset, int count, long dst) { throw new UnsupportedOperationException(); }
        @Override public void upload(float[] src, int offset, int count, long dst) { throw new UnsupportedOperationException(); }
        @Override public void upload(int[] src, int offset, int count, long dst) { throw new UnsupportedOperationException(); }
        @Override public void upload(long[] src, int offset, int count, long dst) { throw new UnsupportedOperationException(); }
        @Override public void download(long src, double[] dst, int offset, int count) { throw new UnsupportedOperationException(); }
        @Override public void download(long src, float[] dst, int offset, int count) { throw new UnsupportedOperationException(); }
        @Override public void download(long src, int[] dst, int offset, int count) { throw new UnsupportedOperationException(); }
        @Override public void download(long src, long[] dst, int offset, int count) { throw new UnsupportedOperationException(); }
        @Override public void copy(long src, long dst, long bytes) { throw new UnsupportedOperationException(); }
        @Override public void zero(long dst, long bytes) { throw new UnsupportedOperationException(); }
        @Override public void launch(String kernel, int grid, int block, int sharedBytes, KernelArgs args) { throw new UnsupportedOperationException(); }
        @Override public void synchronize() { }
        @Override public DeviceInfo describe() { return new DeviceInfo("counting", "none", 0); }
        @Override public void close() { }
    }

    @Test
    void sizeClassesArePowersOfTwoFrom256ThenWholeMebibytes() {
        assertEquals(256, DeviceAllocator.sizeClass(0));
        assertEquals(256, DeviceAllocator.sizeClass(256));
        assertEquals(512, DeviceAllocator.sizeClass(257));
        assertEquals(1L << 26, DeviceAllocator.sizeClass((1L << 26) - 5));
        assertEquals((1L << 26) + (1L << 20), DeviceAllocator.sizeClass((1L << 26) + 1));
    }

    @Test
    void aReleasedBlockIsReusedForItsSizeClass() {
        CountingDevice d = new CountingDevice();
        DeviceAllocator a = new DeviceAllocator(d, 1 << 20);
        DeviceAllocator.Block b = a.allocate(1000);
        long h = b.handle();
        assertEquals(1024, b.bytes());
        b.release();
        b.release(); // a second release does nothing
        assertEquals(1024, a.cachedBytes());
        DeviceAllocator.Block c = a.allocate(600); // same 1024-byte class
        assertEquals(h, c.handle());
        assertEquals(1, d.allocations);
        assertEquals(0, d.frees);
        DeviceAllocator.Block other = a.allocate(100); // another class: a new device allocation
        assertNotEquals(h, other.handle());
        assertEquals(2, d.allocations);
        assertEquals(1L, a.stats().get("hits"));
        assertEquals(2L, a.stats().get("misses"));
        assertEquals(1024 + 256, a.liveBytes());
    }

    @Test
    void blocksBeyondTheCapAreFreedOnTheDevice() {
        CountingDevice d = new CountingDevice();
        DeviceAllocator a = new DeviceAllocator(d, 600);
        List<DeviceAllocator.Block> blocks = new ArrayList<>();
        for (int i = 0; i < 3; i++) blocks.add(a.allocate(256));
        for (DeviceAllocator.Block b : blocks) b.release();
        assertEquals(512, a.cachedBytes(), "two 256-byte blocks fit under the 600-byte cap");
        assertEquals(1, d.frees, "the third went back to the device");
        assertEquals(512, a.trim());
        assertEquals(3, d.frees);
        assertTrue(d.live.isEmpty());
        assertEquals(0, a.cachedBytes());
        assertThrows(IllegalArgumentException.class, () -> new DeviceAllocator(d, -1));
        assertThrows(IllegalArgumentException.class, () -> a.allocate(-8));
    }

    @Test
    void outOfMemoryFreesTheCacheAndRetriesOnce() {
        CountingDevice d = new CountingDevice();
        DeviceAllocator a = new DeviceAllocator(d, 1 << 20);
        a.allocate(4096).release();
        d.failNext = 1;
        DeviceAllocator.Block b = a.allocate(100);
        assertEquals(1, d.frees, "the cached 4096-byte block was freed before the retry");
        assertEquals(256, b.bytes());
        b.release();
        d.failNext = 2; // the retry after freeing the cached 256-byte block fails too
        DeviceException e = assertThrows(DeviceException.class, () -> a.allocate(1 << 15));
        assertEquals(2, e.code());
        assertEquals(2, d.frees);
        d.failNext = 1; // nothing cached: no retry
        assertThrows(DeviceException.class, () -> a.allocate(1 << 15));
        assertEquals(0, d.failNext);
    }

    @Test
    void unreachableBlocksReturnThroughTheCleaner() throws InterruptedException {
        CountingDevice d = new CountingDevice();
        DeviceAllocator a = new DeviceAllocator(d, 1 << 20);
        for (int i = 0; i < 10; i++) a.allocate(512);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (a.liveBytes() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, a.liveBytes(), "ten unreachable blocks went back to the allocator");
        assertEquals(10 * 512, a.cachedBytes());
    }

    @Test
    void threadsShareTheAllocatorWithoutLosingBlocks() throws Exception {
        CountingDevice d = new CountingDevice();
        DeviceAllocator a = new DeviceAllocator(d, 1 << 16);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        DeviceAllocator.Block b = a.allocate(256L << (i % 5));
                        b.release();
                    }
                }));
            }
            for (Future<?> f : jobs) f.get();
        } finally {
            pool.shutdown();
        }
        assertEquals(0, a.liveBytes());
        assertTrue(a.cachedBytes() <= 1 << 16, "the cache stays under its cap: " + a.cachedBytes());
        a.trim();
        assertTrue(d.live.isEmpty(), "every device allocation was freed exactly once: " + d.live.size() + " left");
        assertEquals(d.allocations, d.frees);
    }
}
