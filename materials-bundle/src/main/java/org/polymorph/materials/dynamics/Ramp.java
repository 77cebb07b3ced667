package org.polymorph.materials.dynamics;

/**
 * A target (temperature or pressure) that moves linearly from {@code start} at step 0 to
 * {@code end} at step {@code steps} and stays there: the ramps of a melt–quench.
 */
public record Ramp(double start, double end, long steps) {
    public Ramp {
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("schedule: start = " + start + ", end = " + end + "; give finite values");
        }
        if (steps < 0) throw new IllegalArgumentException("schedule: steps = " + steps + "; give steps >= 0");
    }

    public static Ramp constant(double value) { return new Ramp(value, value, 0); }

    public static Ramp linear(double start, double end, long steps) { return new Ramp(start, end, steps); }

    /** The target at {@code step}. */
    public double at(long step) {
        if (step >= steps) return end;
        return start + (end - start) * Math.max(0, step) / (double) steps;
    }
}
