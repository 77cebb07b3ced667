package org.polymorph.materials.pv;

/**
 * A block-tridiagonal matrix of {@code n} 3×3 blocks (the Newton system of the drift-diffusion equations, unknowns
 * (φn, φp, φ) per grid point) and its O(n) block LU solve. Block row i holds {@code lower(i)} (columns of point i−1),
 * {@code diag(i)} and {@code upper(i)} (point i+1), each row-major [9]. The factorisation is the block Thomas
 * algorithm with partial pivoting inside each 3×3 pivot block.
 */
public final class BlockTridiagonal {
    private final int n;
    final double[] lower;
    final double[] diag;
    final double[] upper;

    /** An all-zero matrix of {@code n} ≥ 1 block rows. */
    public BlockTridiagonal(int n) {
        this.n = n;
        this.lower = new double[9 * n];
        this.diag = new double[9 * n];
        this.upper = new double[9 * n];
    }

    /** Block rows. */
    public int blocks() { return n; }

    /** Adds {@code v} at (row r, column c) of block row i, {@code block} −1 lower, 0 diagonal, +1 upper. */
    public void add(int i, int block, int r, int c, double v) {
        double[] a = block < 0 ? lower : block == 0 ? diag : upper;
        a[9 * i + 3 * r + c] += v;
    }

    /** The entry at (row 3i+r, column 3(i+block)+c). */
    public double get(int i, int block, int r, int c) {
        double[] a = block < 0 ? lower : block == 0 ? diag : upper;
        return a[9 * i + 3 * r + c];
    }

    /** Aᵀ, block-tridiagonal too: its lower block in row i is U_{i−1}ᵀ, its upper block L_{i+1}ᵀ, its diagonal D_iᵀ. */
    public BlockTridiagonal transpose() {
        BlockTridiagonal t = new BlockTridiagonal(n);
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    t.diag[9 * i + 3 * c + r] = diag[9 * i + 3 * r + c];
                    if (i > 0) t.lower[9 * i + 3 * c + r] = upper[9 * (i - 1) + 3 * r + c];
                    if (i < n - 1) t.upper[9 * i + 3 * c + r] = lower[9 * (i + 1) + 3 * r + c];
                }
            }
        }
        return t;
    }

    /** y = A·x, {@code x} [3n]. */
    public double[] multiply(double[] x) {
        double[] y = new double[3 * n];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 3; r++) {
                double s = 0;
                for (int c = 0; c < 3; c++) {
                    s += diag[9 * i + 3 * r + c] * x[3 * i + c];
                    if (i > 0) s += lower[9 * i + 3 * r + c] * x[3 * (i - 1) + c];
                    if (i < n - 1) s += upper[9 * i + 3 * r + c] * x[3 * (i + 1) + c];
                }
                y[3 * i + r] = s;
            }
        }
        return y;
    }

    /**
     * Solves A·x = b, {@code b} [3n], leaving this matrix untouched.
     * @throws ArithmeticException when a pivot block is singular
     */
    public double[] solve(double[] b) {
        // Forward sweep: S_i = D_i − L_i S_{i−1}⁻¹ U_{i−1}, y_i = b_i − L_i S_{i−1}⁻¹ y_{i−1}; the inverse pivot blocks are kept.
        double[] sInv = new double[9 * n];
        double[] y = b.clone();
        double[] s = new double[9];
        double[] t = new double[9];
        double[] v = new double[3];
        for (int i = 0; i < n; i++) {
            System.arraycopy(diag, 9 * i, s, 0, 9);
            if (i > 0) {
                // t = L_i S_{i−1}⁻¹
                mul(lower, 9 * i, sInv, 9 * (i - 1), t);
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        double acc = 0;
                        for (int k = 0; k < 3; k++) acc += t[3 * r + k] * upper[9 * (i - 1) + 3 * k + c];
                        s[3 * r + c] -= acc;
                    }
                    double acc = 0;
                    for (int k = 0; k < 3; k++) acc += t[3 * r + k] * y[3 * (i - 1) + k];
                    v[r] = acc;
                }
                for (int r = 0; r < 3; r++) y[3 * i + r] -= v[r];
            }
            invert3(s, sInv, 9 * i);
        }
        // Back substitution: x_i = S_i⁻¹ (y_i − U_i x_{i+1}).
        double[] x = new double[3 * n];
        for (int i = n - 1; i >= 0; i--) {
            for (int r = 0; r < 3; r++) {
                double acc = y[3 * i + r];
                if (i < n - 1) for (int k = 0; k < 3; k++) acc -= upper[9 * i + 3 * r + k] * x[3 * (i + 1) + k];
                v[r] = acc;
            }
            for (int r = 0; r < 3; r++) {
                x[3 * i + r] = sInv[9 * i + 3 * r] * v[0] + sInv[9 * i + 3 * r + 1] * v[1] + sInv[9 * i + 3 * r + 2] * v[2];
            }
        }
        return x;
    }

    private static void mul(double[] a, int ao, double[] b, int bo, double[] out) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[3 * r + c] = a[ao + 3 * r] * b[bo + c] + a[ao + 3 * r + 1] * b[bo + 3 + c] + a[ao + 3 * r + 2] * b[bo + 6 + c];
            }
        }
    }

    /** Inverse of the 3×3 {@code m} by Gauss–Jordan with partial pivoting, into out[o..o+9). */
    private static void invert3(double[] m, double[] out, int o) {
        double[] a = m.clone();
        double[] inv = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        for (int col = 0; col < 3; col++) {
            int piv = col;
            for (int r = col + 1; r < 3; r++) if (Math.abs(a[3 * r + col]) > Math.abs(a[3 * piv + col])) piv = r;
            double p = a[3 * piv + col];
            if (p == 0 || !Double.isFinite(p)) throw new ArithmeticException("singular block in the Newton system");
            if (piv != col) {
                for (int c = 0; c < 3; c++) {
                    double tmp = a[3 * col + c]; a[3 * col + c] = a[3 * piv + c]; a[3 * piv + c] = tmp;
                    tmp = inv[3 * col + c]; inv[3 * col + c] = inv[3 * piv + c]; inv[3 * piv + c] = tmp;
                }
            }
            for (int c = 0; c < 3; c++) { a[3 * col + c] /= p; inv[3 * col + c] /= p; }
            for (int r = 0; r < 3; r++) {
                if (r == col) continue;
                double f = a[3 * r + col];
                if (f == 0) continue;
                for (int c = 0; c < 3; c++) { a[3 * r + c] -= f * a[3 * col + c]; inv[3 * r + c] -= f * inv[3 * col + c]; }
            }
        }
        System.arraycopy(inv, 0, out, o, 9);
    }
}
