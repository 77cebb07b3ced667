package org.polymorph.autodiff.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of residuals (the outputs of recorded primitives) held by reverse-mode tapes: live now and
 * the peak since the last {@link #resetPeak}. Checkpointing tests and benchmarks read it.
 */
public final class TapeMeter {
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    void add(long bytes) {
        long now = live.addAndGet(bytes);
        peak.accumulateAndGet(now, Math::max);
    }

    void release(long bytes) { live.addAndGet(-bytes); }

    public long live() { return live.get(); }

    public long peak() { return peak.get(); }

    public void resetPeak() { peak.set(live.get()); }
}
