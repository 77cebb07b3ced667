package org.polymorph.analysis.dks;

/**
 * The Mersenne Twister MT19937 (Matsumoto &amp; Nishimura 1998) seeded by init_genrand, with 53-bit doubles
 * (genrand_res53): the stream numpy's legacy {@code np.random.seed(s); np.random.uniform(lo, hi)} draws, so that
 * the random starting points of the parameter search are the reference's.
 */
final class Mt19937 {
    private static final int N = 624, M = 397;
    private final int[] mt = new int[N];
    private int index = N;

    Mt19937(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }

    private int next() {
        if (index >= N) {
            for (int k = 0; k < N; k++) {
                int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
                mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** A double in [0, 1) with 53 random bits. */
    double nextDouble() {
        long a = (next() >>> 5) & 0xffffffffL, b = (next() >>> 6) & 0xffffffffL;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** low + (high − low)·u, u uniform in [0, 1). */
    double uniform(double low, double high) { return low + (high - low) * nextDouble(); }
}
