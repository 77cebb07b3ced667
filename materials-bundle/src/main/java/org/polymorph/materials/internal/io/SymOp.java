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
            if (slash < 0) return Double.parseDouble(t);
            return Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number or fraction, got '" + t + "' in symmetry operation '" + text + "'");
        }
    }

    static double[] apply(double[] op, double[] s) {
        double[] out = new double[3];
        for (int r = 0; r < 3; r++) out[r] = op[4 * r] * s[0] + op[4 * r + 1] * s[1] + op[4 * r + 2] * s[2] + op[4 * r + 3];
        return out;
    }
}
