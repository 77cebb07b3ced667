package org.polymorph.optimizers;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A learning rate as a function of the step count: an optimizer's k-th update (k = 0, 1, ...)
 * uses {@code at(k)}, as optax's {@code scale_by_schedule} does. The factories follow optax's
 * schedules; each throws IllegalArgumentException naming a bad argument.
 */
@ConsumerType
@FunctionalInterface
public interface Schedule {
    /** The learning rate for the update made at step {@code step} (>= 0). */
    double at(long step);

    /** {@code value} at every step. */
    static Schedule constant(double value) { return new Schedules.Constant(value); }

    /** optax.linear_schedule: from {@code init} to {@code end} over {@code steps}, then {@code end}. */
    static Schedule linear(double init, double end, long steps) { return new Schedules.Linear(init, end, steps); }

    /**
     * optax.cosine_decay_schedule (Loshchilov &amp; Hutter 2017, SGDR, without restarts):
     * {@code init * ((1 - alpha) * 0.5 * (1 + cos(pi * min(k, decaySteps) / decaySteps)) + alpha)};
     * {@code alpha * init} is the floor reached at {@code decaySteps} and kept after.
     */
    static Schedule cosineDecay(double init, long decaySteps, double alpha) {
        return new Schedules.Cosine(init, decaySteps, alpha);
    }

    /**
     * optax.warmup_cosine_decay_schedule: linear from {@code init} to {@code peak} over
     * {@code warmupSteps}, then cosine decay from {@code peak} to {@code end} at step
     * {@code decaySteps} (which counts the warmup), then {@code end}.
     */
    static Schedule warmupCosineDecay(double init, double peak, long warmupSteps, long decaySteps, double end) {
        return Schedules.warmupCosine(init, peak, warmupSteps, decaySteps, end);
    }

    /** PyTorch StepLR: {@code init * gamma^floor(k / stepSize)}. */
    static Schedule stepDecay(double init, long stepSize, double gamma) {
        return new Schedules.StepDecay(init, stepSize, gamma);
    }

    /**
     * optax.piecewise_constant_schedule: {@code init} times the product of {@code scales[i]} over
     * the {@code boundaries[i] <= k} (PyTorch MultiStepLR when every scale is gamma).
     */
    static Schedule piecewise(double init, long[] boundaries, double[] scales) {
        return new Schedules.Piecewise(init, boundaries, scales);
    }

    /**
     * optax.join_schedules: {@code schedules[0]} before {@code boundaries[0]}, then
     * {@code schedules[i]} evaluated at {@code k - boundaries[i-1]} (each restarts from 0).
     */
    static Schedule join(List<Schedule> schedules, long[] boundaries) { return new Schedules.Join(schedules, boundaries); }

    /**
     * Linear warmup from {@code init} to {@code after.at(0)} over {@code warmupSteps}, then
     * {@code after} shifted to start at step {@code warmupSteps}. {@code warmupSteps = 0} gives {@code after}.
     */
    static Schedule withWarmup(long warmupSteps, double init, Schedule after) {
        return Schedules.withWarmup(warmupSteps, init, after);
    }
}
