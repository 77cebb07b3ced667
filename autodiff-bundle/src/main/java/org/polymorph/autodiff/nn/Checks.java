package org.polymorph.autodiff.nn;

import org.polymorph.core.tensor.Shape;

/** Argument checks shared by the layers; every message names the layer and the value found. */
final class Checks {
    private Checks() { }

    static <P> P params(Object params, Class<P> type, String layer) {
        if (!type.isInstance(params)) {
            throw new IllegalArgumentException(layer + ": params must be " + type.getName() + ", got "
                    + (params == null ? "null" : params.getClass().getName()) + "; pass what init returned");
        }
        return type.cast(params);
    }

    static void rank(Shape s, int rank, String layer, String layout) {
        if (s.rank() != rank) {
            throw new IllegalArgumentException(layer + ": input must have rank " + rank + " " + layout + ", got shape " + s);
        }
    }

    static void minRank(Shape s, int rank, String layer) {
        if (s.rank() < rank) throw new IllegalArgumentException(layer + ": input needs rank >= " + rank + ", got shape " + s);
    }

    static void positive(int v, String what, String layer) {
        if (v < 1) throw new IllegalArgumentException(layer + ": " + what + " must be >= 1, got " + v);
    }

    static int[] with(int[] dims, int axis, int value) {
        int[] out = dims.clone();
        out[axis < 0 ? axis + out.length : axis] = value;
        return out;
    }
}
