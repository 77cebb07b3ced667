package org.polymorph.optimizers;

import java.util.Locale;

/** Argument checks whose messages name the parameter, the value and what is allowed. */
final class Check {
    private Check() { }

    public static IllegalArgumentException bad(String name, Object value, String allowed) {
        String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return new IllegalArgumentException(String.format(Locale.ROOT,
                "parameter '%s' = %s is invalid; allowed: %s", name, shown, allowed));
    }

    public static double finite(String name, double v) {
        if (!Double.isFinite(v)) throw bad(name, v, "a finite number");
        return v;
    }

    public static double positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) throw bad(name, v, "a finite number > 0");
        return v;
    }

    public static double nonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) throw bad(name, v, "a finite number >= 0");
        return v;
    }

    /** {@code lo <= v <= hi}. */
    public static double range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) throw bad(name, v, "a number in [" + lo + ", " + hi + "]");
        return v;
    }

    /** {@code 0 <= v < 1}: a decay rate of an exponential moving average. */
    public static double decay(String name, double v) {
        if (!(v >= 0 && v < 1)) throw bad(name, v, "a number in [0, 1)");
        return v;
    }

    public static long atLeast(String name, long v, long min) {
        if (v < min) throw bad(name, v, "an integer >= " + min);
        return v;
    }
}
