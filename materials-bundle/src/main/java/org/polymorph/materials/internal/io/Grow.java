package org.polymorph.materials.internal.io;

import java.util.Arrays;

/**
 * Arrays that grow as a file's lines are read (by half again plus 16 when full): the readers size
 * them by what the file holds, never by a count it declares, so memory stays in proportion to the file.
 */
final class Grow {
    private Grow() { }

    /** {@code a}, or a longer copy of it, with room for {@code need} values. */
    static double[] room(double[] a, int need) {
        return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length + (a.length >> 1) + 16));
    }

    static int[] room(int[] a, int need) {
        return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length + (a.length >> 1) + 16));
    }
}
