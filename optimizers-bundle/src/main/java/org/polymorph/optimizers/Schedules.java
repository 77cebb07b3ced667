package org.polymorph.optimizers;

import java.util.List;

/** The implementations behind the {@link Schedule} factories; formulas follow optax/_src/schedule.py. */
final class Schedules {
    private Schedules() { }

    public record Constant(double value) implements Schedule {
        public Constant { Check.finite("value", value); }
        @Override public double at(long step) { return value; }
    }

    /** optax.linear_schedule: {@code (init - end) * (1 - min(k, steps) / steps) + end}. */
    public record Linear(double init, double end, long steps) implements Schedule {
        public Linear {
            Check.finite("init", init);
            Check.finite("end", end);
            Check.atLeast("steps", steps, 1);
        }
        @Override public double at(long step) {
            double frac = 1.0 - (double) Math.min(Math.max(step, 0), steps) / steps;
            return (init - end) * frac + end;
        }
    }

    /** optax.cosine_decay_schedule with exponent 1. */
    public record Cosine(double init, long decaySteps, double alpha) implements Schedule {
        public Cosine {
            Check.finite("init", init);
            Check.atLeast("decay_steps", decaySteps, 1);
            Check.range("alpha", alpha, 0, 1);
        }
        @Override public double at(long step) {
            double k = Math.min(Math.max(step, 0), decaySteps);
            double cosine = 0.5 * (1.0 + Math.cos(Math.PI * k / decaySteps));
            return init * ((1.0 - alpha) * cosine + alpha);
        }
    }

    /** PyTorch StepLR: {@code init * gamma^floor(k / stepSize)}. */
    public record StepDecay(double init, long stepSize, double gamma) implements Schedule {
        public StepDecay {
            Check.finite("init", init);
            Check.atLeast("step_size", stepSize, 1);
            Check.positive("gamma", gamma);
        }
        @Override public double at(long step) { return init * Math.pow(gamma, Math.max(step, 0) / stepSize); }
    }

    /** optax.piecewise_constant_schedule: scales apply from their boundary on. */
    public record Piecewise(double init, long[] boundaries, double[] scales) implements Schedule {
        public Piecewise {
            Check.finite("init", init);
            if (boundaries.length != scales.length) {
                throw new IllegalArgumentException("piecewise: " + boundaries.length + " boundaries but "
                        + scales.length + " scales; give one scale per boundary");
            }
            boundaries = boundaries.clone();
            scales = scales.clone();
            for (int i = 0; i < boundaries.length; i++) {
                Check.atLeast("boundaries[" + i + "]", boundaries[i], i == 0 ? 0 : boundaries[i - 1] + 1);
                Check.positive("scales[" + i + "]", scales[i]);
            }
        }
        @Override public double at(long step) {
            double v = init;
            for (int i = 0; i < boundaries.length && boundaries[i] <= step; i++) v *= scales[i];
            return v;
        }
        @Override public long[] boundaries() { return boundaries.clone(); }
        @Override public double[] scales() { return scales.clone(); }
    }

    /** optax.join_schedules. */
    public record Join(List<Schedule> schedules, long[] boundaries) implements Schedule {
        public Join {
            schedules = List.copyOf(schedules);
            if (schedules.size() != boundaries.length + 1) {
                throw new IllegalArgumentException("join: " + schedules.size() + " schedules need "
                        + (schedules.size() - 1) + " boundaries, got " + boundaries.length);
            }
            boundaries = boundaries.clone();
            for (int i = 0; i < boundaries.length; i++) {
                Check.atLeast("boundaries[" + i + "]", boundaries[i], i == 0 ? 0 : boundaries[i - 1] + 1);
            }
        }
        @Override public double at(long step) {
            int i = 0;
            while (i < boundaries.length && step >= boundaries[i]) i++;
            return schedules.get(i).at(i == 0 ? step : step - boundaries[i - 1]);
        }
        @Override public long[] boundaries() { return boundaries.clone(); }
    }

    public static Schedule withWarmup(long warmupSteps, double init, Schedule after) {
        Check.atLeast("warmup_steps", warmupSteps, 0);
        Check.finite("init", init);
        if (after == null) throw new IllegalArgumentException("withWarmup: the schedule after the warmup is null");
        if (warmupSteps == 0) return after;
        return new Join(List.of(new Linear(init, after.at(0), warmupSteps), after), new long[] {warmupSteps});
    }

    /** optax.warmup_cosine_decay_schedule: join(linear(init, peak, w), cosine(peak, d - w, end / peak), [w]). */
    public static Schedule warmupCosine(double init, double peak, long warmupSteps, long decaySteps, double end) {
        Check.positive("peak", peak);
        Check.atLeast("warmup_steps", warmupSteps, 0);
        Check.atLeast("decay_steps", decaySteps, warmupSteps + 1);
        Check.range("end", end, 0, peak);
        return withWarmup(warmupSteps, init, new Cosine(peak, decaySteps - warmupSteps, end / peak));
    }
}
