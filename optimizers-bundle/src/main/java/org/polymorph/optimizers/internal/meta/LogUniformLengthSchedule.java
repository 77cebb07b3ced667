package org.polymorph.optimizers.internal.meta;

import org.polymorph.core.tensor.RandomKey;

/**
 * Inner-training lengths drawn log-uniformly, as learned_optimization's {@code LogUniformLengthSchedule}
 * (outer_trainers/truncation_schedule.py): {@code length = int(exp(U(log min, log max)))}, in inner steps.
 */
record LogUniformLengthSchedule(long min, long max) {
    LogUniformLengthSchedule {
        if (min < 1 || max < min) throw new IllegalArgumentException("length schedule: need 1 <= min <= max, got " + min + ", " + max);
    }

    /** The length for draw 0 of {@code key}, in [min, max]. */
    long sample(RandomKey key) {
        double u = key.uniform(0);
        long n = (long) Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
        return Math.max(min, Math.min(max, n));
    }
}
