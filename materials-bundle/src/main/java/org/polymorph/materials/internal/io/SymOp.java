package org.polymorph.materials.internal.io;

/**
 * Symmetry operations written as in CIF ("-x+1/2, y, z-1/4", "x-y,x,z+0.5", "1/2+y"): each of the
 * three comma-separated components is a signed sum of x, y, z (optionally with a coefficient,
 * "2x" or "2*x") and constants (decimals or fractions p/q). Parsed to a row-major 3x4 affine
 * matrix [W | t] acting on fractional coordinates, s' = W·s + t.
 */
final class SymOp {
    private SymOp() { }

    static double[] parse(String text) {
        String[] parts = text.replace(" ", "").toLowerCase().split(",");
        if (parts.length != 3) throw new IllegalArgumentException("expected a symmetry operation with 3 components like 'x,y,z', got '" + text + "'");
        double[] op = new double[12];
        for (int r = 0; r < 3; r++) component(parts[r], op, r, text);
        return op;
    }

    private static void component(String s, double[] op, int row, String text) {
        if (s.isEmpty()) throw new IllegalArgumentException("empty component " + (row + 1) + " in symmetry operation '" + text + "'");
        int i = 0, n = s.length();
        while (i < n) {
            double sign = 1;
            if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                sign = s.charAt(i) == '-' ? -1 : 1;
                i++;
            }
            int start = i;
            while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '/')) i++;
            double num = Double.NaN;
            if (i > start) num = number(s.substring(start, i), text);
            if (i < n && s.charAt(i) == '*') i++;
            if (i < n && s.charAt(i) >= 'x' && s.charAt(i) <= 'z') {
                op[4 * row + (s.charAt(i) - 'x')] += sign * (Double.isNaN(num) ? 1 : num);
                i++;
            } else if (!Double.isNaN(num)) {
                op[4 * row + 3] += sign * num;
            } else {
                throw new IllegalArgumentException("expected x, y, z or a number at '" + s.substring(Math.min(i, n - 1))
                        + "' in symmetry operation '" + text + "'");
            }
        }
    }

    private static double number(String t, String text) {
        try {
            int slash = t.indexOf('/');
            if (slash < 0) return Numbers.real(t);
            double q = Numbers.real(t.substring(slash + 1));
            if (q == 0) throw new NumberFormatException("division by zero");
            return Numbers.real(t.substring(0, slash)) / q;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number or fraction, got '" + t + "' in symmetry operation '" + text + "'");
        }
    }

    /** Relative tolerance of the metric test in {@link #requireIsometry} (CIF cell parameters are rounded). */
    static final double METRIC_TOLERANCE = 1e-2;

    /**
     * Refuses an operation whose rotation part W is not an isometry of the lattice: W must have integer
     * entries, det W = ±1 and keep the metric, WᵀGW = G with G = h·hᵀ (G_ij = a_i·a_j, rows of h the
     * lattice vectors, since |r|² = sᵀGs for fractional s) to {@link #METRIC_TOLERANCE} of max |G_ij|
     * (International Tables for Crystallography Vol. A, §1.2). "x,x,x" (det 0) or "2x,y,z" (det 2) would
     * collapse or multiply the atoms; "y,x,z" in a cell with a ≠ b would move them off the lattice.
     */
    static void requireIsometry(double[] op, double[] h, String text) {
        double[] w = {op[0], op[1], op[2], op[4], op[5], op[6], op[8], op[9], op[10]};
        for (double v : w) {
            if (Math.abs(v - Math.rint(v)) > 1e-9) {
                throw new IllegalArgumentException("symmetry operation '" + text + "' has a non-integer coefficient " + v
                        + "; a crystallographic operation maps the lattice onto itself: check the operation");
            }
        }
        double det = org.polymorph.materials.space.Box.det(w);
        if (Math.abs(Math.abs(det) - 1) > 1e-9) {
            throw new IllegalArgumentException("symmetry operation '" + text + "' has determinant " + det
                    + " (an isometry has ±1): it would collapse or multiply the atoms; check the operation");
        }
        double[] g = new double[9];
        double scale = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) g[3 * i + j] += h[3 * i + k] * h[3 * j + k];
                scale = Math.max(scale, Math.abs(g[3 * i + j]));
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0;          // (WᵀGW)_ij = Σ_kl W_ki G_kl W_lj
                for (int k = 0; k < 3; k++) for (int l = 0; l < 3; l++) v += w[3 * k + i] * g[3 * k + l] * w[3 * l + j];
                if (Math.abs(v - g[3 * i + j]) > METRIC_TOLERANCE * scale) {
                    throw new IllegalArgumentException("symmetry operation '" + text + "' does not preserve the cell's lengths and angles"
                            + " (it is no symmetry of this lattice); check the operation and the cell parameters");
                }
            }
        }
    }

    static double[] apply(double[] op, double[] s) {
        double[] out = new double[3];
        for (int r = 0; r < 3; r++) out[r] = op[4 * r] * s[0] + op[4 * r + 1] * s[1] + op[4 * r + 2] * s[2] + op[4 * r + 3];
        return out;
    }
}
