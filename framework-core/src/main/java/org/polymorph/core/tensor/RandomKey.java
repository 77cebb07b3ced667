package org.polymorph.core.tensor;

/**
 * A splittable, counter-based random key (in the spirit of JAX's PRNG keys; the mixer is
 * SplitMix64, Steele et al., OOPSLA 2014). The value of draw {@code i} depends only on the key and
 * {@code i}, so every {@link TensorService} produces the same numbers for the same key, and a key
 * is never consumed: split it to get independent streams.
 */
public record RandomKey(long k0, long k1) {

    public static RandomKey of(long seed) {
        return new RandomKey(mix(seed), mix(seed ^ 0x5DEECE66DL));
    }

    /** {@code n} independent child keys. */
    public RandomKey[] split(int n) {
        if (n < 1) throw new IllegalArgumentException("split count must be >= 1, got " + n);
        RandomKey[] out = new RandomKey[n];
        for (int i = 0; i < n; i++) out[i] = foldIn(i);
        return out;
    }

    /** A child key derived from {@code data} (e.g. a step number). */
    public RandomKey foldIn(long data) {
        long a = mix(k0 ^ mix(data * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
        long b = mix(k1 ^ mix(data * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
        return new RandomKey(a, b);
    }

    /** 64 random bits for draw {@code index}. */
    public long bits(long index) {
        return mix(k0 ^ mix(k1 + index * 0x9E3779B97F4A7C15L));
    }

    /** Uniform double in [0, 1) for draw {@code index} (53 random bits). */
    public double uniform(long index) {
        return (bits(index) >>> 11) * 0x1.0p-53;
    }

    /** Standard normal for draw {@code index} (Box-Muller on draws 2i and 2i+1 of a child stream). */
    public double normal(long index) {
        double u1 = 1.0 - uniform(2 * index);          // (0, 1]
        double u2 = uniform(2 * index + 1);
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
