package org.polymorph.analysis.internal.ntk;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Memory of one computation on the calling thread: the peak of the used Java heap above its value at the start,
 * sampled every millisecond by a daemon thread (heap sampling: off-heap tensor buffers such as ND4J's are not seen),
 * and the bytes the thread allocated (HotSpot's {@code com.sun.management.ThreadMXBean}, reached reflectively through
 * the platform class loader; -1 where the JVM lacks it).
 */
final class MemoryMeter {
    private MemoryMeter() { }

    /** Memory figures of one call: peak heap above the start (bytes, sampled) and allocated bytes (-1: unknown). */
    record Usage(long peakHeapBytes, long allocatedBytes) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peak_heap_bytes", peakHeapBytes);
            m.put("allocated_bytes", allocatedBytes);
            return m;
        }
    }

    /** A value and the memory its computation used. */
    record Measured<T>(T value, Usage usage) { }

    static <T> Measured<T> measure(Supplier<T> body) {
        MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
        long base = heap.getHeapMemoryUsage().getUsed();
        long[] peak = {base};
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                long used = heap.getHeapMemoryUsage().getUsed();
                synchronized (peak) { peak[0] = Math.max(peak[0], used); }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ntk-memory-sampler");
        sampler.setDaemon(true);
        long alloc0 = allocatedBytes();
        sampler.start();
        T value;
        try {
            value = body.get();
        } finally {
            running.set(false);
            sampler.interrupt();
        }
        long alloc1 = allocatedBytes();
        long used = heap.getHeapMemoryUsage().getUsed();
        long p;
        synchronized (peak) { p = Math.max(peak[0], used); }
        return new Measured<>(value, new Usage(Math.max(0, p - base), alloc0 < 0 || alloc1 < 0 ? -1 : alloc1 - alloc0));
    }

    private static long allocatedBytes() {
        try {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            Class<?> hotspot = ClassLoader.getPlatformClassLoader().loadClass("com.sun.management.ThreadMXBean");
            if (!hotspot.isInstance(bean)) return -1;
            Method m = hotspot.getMethod("getThreadAllocatedBytes", long.class);
            return (Long) m.invoke(bean, Thread.currentThread().getId());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
