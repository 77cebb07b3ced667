package org.polymorph.materials.internal.dynamics;

import org.polymorph.materials.dynamics.State;

/**
 * Nosé–Hoover chain propagation over half a time step (Martyna, Klein & Tuckerman, J. Chem. Phys.
 * 97, 2635 (1992); the factorisation of Martyna, Tuckerman, Tobias & Klein, Mol. Phys. 87, 1117
 * (1996), as Frenkel & Smit's Algorithm 31), with a third-order Suzuki–Yoshida composition.
 * Masses: Q₀ = dof·k_BT·τ², Q_j = k_BT·τ² (energy·time²).
 */
public final class Chains {
    private static final double W1 = 1.0 / (2.0 - Math.cbrt(2.0));
    private static final double[] SY = {W1, 1.0 - 2.0 * W1, W1};

    private Chains() { }

    /** The new chain and the factor by which the coupled velocities are scaled. */
    public record Result(State.Chain chain, double scale) { }

    /**
     * Propagates the chain by dt/2 for a subsystem with 2·KE = {@code twoKe} (energy) and
     * {@code dof} degrees of freedom, at target k_BT = {@code kT} and time constant {@code tau}.
     */
    public static Result halfStep(State.Chain c, double twoKe, int dof, double kT, double tau, double dt) {
        double[] eta = c.eta();
        double[] v = c.vEta();
        int m = eta.length;
        double[] q = masses(m, dof, kT, tau);
        double scale = 1;
        double ke2 = twoKe;
        for (double w : SY) {
            double d = w * dt;
            double d2 = d / 2;
            double d4 = d / 4;
            double d8 = d / 8;
            double[] g = new double[m];
            g[0] = (ke2 - dof * kT) / q[0];
            for (int j = 1; j < m; j++) g[j] = (q[j - 1] * v[j - 1] * v[j - 1] - kT) / q[j];
            v[m - 1] += g[m - 1] * d4;
            for (int j = m - 2; j >= 0; j--) {
                double e = Math.exp(-v[j + 1] * d8);
                v[j] = (v[j] * e + g[j] * d4) * e;
            }
            double f = Math.exp(-v[0] * d2);
            scale *= f;
            ke2 *= f * f;
            for (int j = 0; j < m; j++) eta[j] += v[j] * d2;
            g[0] = (ke2 - dof * kT) / q[0];
            for (int j = 0; j < m - 1; j++) {
                double e = Math.exp(-v[j + 1] * d8);
                v[j] = (v[j] * e + g[j] * d4) * e;
                g[j + 1] = (q[j] * v[j] * v[j] - kT) / q[j + 1];
            }
            v[m - 1] += g[m - 1] * d4;
        }
        return new Result(new State.Chain(eta, v), scale);
    }

    /** Σ ½Q_j v_j² + dof·k_BT·ξ₀ + k_BT·Σ_{j≥1} ξ_j (energy). */
    public static double energy(State.Chain c, int dof, double kT, double tau) {
        double[] eta = c.eta();
        double[] v = c.vEta();
        double[] q = masses(eta.length, dof, kT, tau);
        double e = 0;
        for (int j = 0; j < eta.length; j++) e += 0.5 * q[j] * v[j] * v[j] + (j == 0 ? dof : 1) * kT * eta[j];
        return e;
    }

    private static double[] masses(int m, int dof, double kT, double tau) {
        double[] q = new double[m];
        for (int j = 0; j < m; j++) q[j] = (j == 0 ? dof : 1) * kT * tau * tau;
        return q;
    }
}
