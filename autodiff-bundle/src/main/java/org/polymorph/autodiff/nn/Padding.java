package org.polymorph.autodiff.nn;

/**
 * Spatial padding of a 2-D window op ({@link Conv2D}, {@link AvgPool2D}, {@link MaxPool2D}):
 * VALID (none), SAME (TensorFlow's rule: output length ⌈in/stride⌉, the odd extra pad at the end),
 * or explicit amounts.
 */
public final class Padding {
    public static final Padding VALID = new Padding("VALID", 0, 0, 0, 0);
    public static final Padding SAME = new Padding("SAME", 0, 0, 0, 0);

    private final String kind;
    private final int[] amounts;

    private Padding(String kind, int top, int bottom, int left, int right) {
        this.kind = kind;
        this.amounts = new int[] {top, bottom, left, right};
    }

    /** Zero (conv, avg) or −∞ (max) rows/columns added around the input [batch, h, w, c]. */
    public static Padding explicit(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Padding.explicit: amounts must be >= 0, got " + top + ", " + bottom + ", " + left + ", " + right);
        }
        return new Padding("EXPLICIT", top, bottom, left, right);
    }

    /**
     * {{top, bottom}, {left, right}} for an input h×w and a window kh×kw with strides (sh, sw) and
     * dilations (dh, dw).
     */
    int[][] resolve(int h, int w, int[] window, int[] strides, int[] dilation) {
        return switch (kind) {
            case "VALID" -> new int[][] {{0, 0}, {0, 0}};
            case "SAME" -> new int[][] {same(h, window[0], strides[0], dilation[0]), same(w, window[1], strides[1], dilation[1])};
            default -> new int[][] {{amounts[0], amounts[1]}, {amounts[2], amounts[3]}};
        };
    }

    private static int[] same(int in, int k, int s, int d) {
        int out = (in + s - 1) / s;
        int total = Math.max(0, (out - 1) * s + (k - 1) * d + 1 - in);
        return new int[] {total / 2, total - total / 2};
    }

    @Override public String toString() {
        return kind.equals("EXPLICIT") ? "Padding(" + amounts[0] + ", " + amounts[1] + ", " + amounts[2] + ", " + amounts[3] + ")" : kind;
    }
}
