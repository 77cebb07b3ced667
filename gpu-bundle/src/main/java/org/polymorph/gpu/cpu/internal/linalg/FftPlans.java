package org.polymorph.gpu.cpu.internal.linalg;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cache of {@link FftPlan}s keyed by length: the only mutable static state of the kernels.
 * Least-recently-used, at most {@value #MAX_PLANS} plans, guarded by its own lock (plans are
 * immutable, so only the lookup is synchronised; a plan is built outside the lock).
 */
final class FftPlans {
    static final int MAX_PLANS = 32;
    private static final Map<Integer, FftPlan> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, FftPlan> eldest) {
            return size() > MAX_PLANS;
        }
    };

    private FftPlans() { }

    /** The plan for length n >= 1: radix-2 for powers of two, direct for short others, Bluestein otherwise. */
    static FftPlan forLength(int n) {
        synchronized (CACHE) {
            FftPlan p = CACHE.get(n);
            if (p != null) return p;
        }
        FftPlan p = Integer.bitCount(n) == 1 ? new Radix2Plan(n)
                : n <= DirectPlan.MAX_LENGTH ? new DirectPlan(n) : new BluesteinPlan(n);
        synchronized (CACHE) {
            FftPlan raced = CACHE.putIfAbsent(n, p);
            return raced != null ? raced : p;
        }
    }
}
