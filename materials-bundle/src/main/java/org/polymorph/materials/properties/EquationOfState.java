package org.polymorph.materials.properties;

/**
 * The third-order Birch–Murnaghan equation of state (Birch, Phys. Rev. 71, 809 (1947)) fitted to
 * energy–volume points. E(V) of BM3 is a cubic polynomial in x = V^(−2/3), so the fit is linear least
 * squares (in a centred, scaled x); V₀ is the root of dE/dx in the sampled range, and B₀ = V·E''(V),
 * B₀' = −1 − V·E'''(V)/E''(V) at V₀ follow from the chain rule. Volumes in Å³ (per atom or per cell,
 * as given), energies in eV, B₀ in eV/Å³ (× 160.2177 for GPa).
 */
public final class EquationOfState {
    private EquationOfState() { }

    /**
     * V₀, E₀, B₀ (energy/volume), B₀' (dimensionless), the RMS residual (energy), and the cubic itself:
     * coefficients k of E = Σ k_j u^j in the centred, scaled variable u = (x/xc − 1)/τ (well conditioned).
     */
    public record Fit(double v0, double e0, double b0, double b0Prime, double rms, double[] coefficients, double xc, double tau) {
        private double u(double v) { return (Math.pow(v, -2.0 / 3) / xc - 1) / tau; }

        /** d^order E / dx^order at volume v (order 0..3). */
        double dx(double v, int order) {
            double u = u(v);
            double[] k = coefficients;
            double d = switch (order) {
                case 0 -> k[0] + u * (k[1] + u * (k[2] + u * k[3]));
                case 1 -> k[1] + u * (2 * k[2] + 3 * u * k[3]);
                case 2 -> 2 * k[2] + 6 * u * k[3];
                default -> 6 * k[3];
            };
            return d / Math.pow(xc * tau, order);
        }

        /** The fitted energy at volume v. */
        public double energy(double v) { return dx(v, 0); }

        /** −dE/dV of the fit (energy/volume). */
        public double pressure(double v) { return -dx(v, 1) * (-2.0 / 3) * Math.pow(v, -5.0 / 3); }
    }

    /** Fits BM3 to at least five points whose energies have an interior minimum. */
    public static Fit birchMurnaghan(double[] volumes, double[] energies) {
        int n = volumes.length;
        if (n != energies.length) throw new IllegalArgumentException("EOS: " + n + " volumes but " + energies.length + " energies");
        if (n < 5) throw new IllegalArgumentException("EOS: " + n + " points; give at least 5 volumes (7–11 is usual)");
        double vMin = Double.POSITIVE_INFINITY, vMax = 0;
        int best = 0;
        for (int i = 0; i < n; i++) {
            if (!(volumes[i] > 0) || !Double.isFinite(energies[i])) {
                throw new IllegalArgumentException("EOS: point " + i + " has volume " + volumes[i] + " and energy " + energies[i]
                        + "; volumes must be > 0 and energies finite");
            }
            vMin = Math.min(vMin, volumes[i]);
            vMax = Math.max(vMax, volumes[i]);
            if (energies[i] < energies[best]) best = i;
        }
        if (volumes[best] == vMin || volumes[best] == vMax) {
            throw new IllegalArgumentException("EOS: the lowest energy is at the " + (volumes[best] == vMin ? "smallest" : "largest")
                    + " volume " + volumes[best] + "; widen the range or centre it on the minimum");
        }
        double xc = Math.pow(volumes[best], -2.0 / 3);
        double tau = Math.max(Math.abs(Math.pow(vMin, -2.0 / 3) / xc - 1), Math.abs(Math.pow(vMax, -2.0 / 3) / xc - 1));
        double[][] ata = new double[4][4];
        double[] atb = new double[4];
        for (int i = 0; i < n; i++) {
            double u = (Math.pow(volumes[i], -2.0 / 3) / xc - 1) / tau;
            double[] row = {1, u, u * u, u * u * u};
            for (int r = 0; r < 4; r++) {
                atb[r] += row[r] * energies[i];
                for (int c = 0; c < 4; c++) ata[r][c] += row[r] * row[c];
            }
        }
        double[] k = solve(ata, atb);
        Fit shape = new Fit(Double.NaN, 0, 0, 0, 0, k, xc, tau);
        double v0 = minimum(k, xc, tau);
        double e1 = shape.dx(v0, 1), e2 = shape.dx(v0, 2), e3 = shape.dx(v0, 3);
        double xv = -2.0 / 3 * Math.pow(v0, -5.0 / 3);
        double xvv = 10.0 / 9 * Math.pow(v0, -8.0 / 3);
        double xvvv = -80.0 / 27 * Math.pow(v0, -11.0 / 3);
        double evv = e2 * xv * xv + e1 * xvv;
        double evvv = e3 * xv * xv * xv + 3 * e2 * xv * xvv + e1 * xvvv;
        double ss = 0;
        for (int i = 0; i < n; i++) ss += Math.pow(shape.energy(volumes[i]) - energies[i], 2);
        return new Fit(v0, shape.energy(v0), v0 * evv, -1 - v0 * evvv / evv, Math.sqrt(ss / n), k, xc, tau);
    }

    /** The volume of the lowest root of dE/du = k1 + 2k2·u + 3k3·u² in the sampled range (|u| ≤ 1) with positive curvature. */
    private static double minimum(double[] k, double xc, double tau) {
        double a = 3 * k[3], b = 2 * k[2], c = k[1];
        double[] roots;
        if (Math.abs(a) < 1e-14 * Math.abs(b)) {
            roots = new double[] {-c / b};
        } else {
            double disc = b * b - 4 * a * c;
            if (disc < 0) throw new IllegalArgumentException("EOS: the fitted curve has no minimum; sample volumes around the equilibrium");
            double q = -0.5 * (b + Math.copySign(Math.sqrt(disc), b));
            roots = new double[] {q / a, c / q};
        }
        double bestU = Double.NaN, bestE = Double.POSITIVE_INFINITY;
        for (double u : roots) {
            if (Math.abs(u) <= 1 + 1e-12 && 2 * k[2] + 6 * k[3] * u > 0) {
                double e = k[0] + u * (k[1] + u * (k[2] + u * k[3]));
                if (e < bestE) { bestE = e; bestU = u; }
            }
        }
        if (Double.isNaN(bestU)) throw new IllegalArgumentException("EOS: no minimum of the fit inside the sampled volumes; widen the range");
        return Math.pow(xc * (1 + tau * bestU), -1.5);
    }

    /** Gaussian elimination with partial pivoting on a 4×4 system. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) m[i] = a[i].clone();
        double[] y = b.clone();
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
            double[] t = m[col]; m[col] = m[piv]; m[piv] = t;
            double ty = y[col]; y[col] = y[piv]; y[piv] = ty;
            if (m[col][col] == 0) throw new IllegalArgumentException("EOS: the volumes are not distinct enough for a cubic fit");
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c < n; c++) m[r][c] -= f * m[col][c];
                y[r] -= f * y[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = y[r];
            for (int c = r + 1; c < n; c++) s -= m[r][c] * x[c];
            x[r] = s / m[r][r];
        }
        return x;
    }
}
