package org.polymorph.materials.internal.rigid;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * {@link org.polymorph.materials.internal.dynamics.Chains#halfStep} in autodiff ops: a Nosé–Hoover chain of
 * length M propagated by dt/2 (Martyna, Tuckerman, Tobias & Klein, Mol. Phys. 87, 1117 (1996); Frenkel &
 * Smit's Algorithm 31) with the third-order Suzuki–Yoshida weights, the same arithmetic as the plain arrays, so
 * that the chain positions ξ [M] (dimensionless), velocities v_ξ [M] (1/time) and the momentum scale factor are
 * differentiable functions of the coupled subsystem's 2·KE. Masses Q₀ = dof·k_BT·τ², Q_j = k_BT·τ² (energy·time²).
 */
final class ChainOps {
    private static final double W1 = 1.0 / (2.0 - Math.cbrt(2.0));
    private static final double[] SY = {W1, 1.0 - 2.0 * W1, W1};

    private ChainOps() { }

    /** {ξ' [M], v_ξ' [M], scale (a scalar)} after dt/2 for 2·KE = {@code twoKe} (energy, a scalar) of {@code dof} degrees of freedom at k_BT = {@code kT}. */
    static Var[] halfStep(Ops o, Var eta, Var vEta, Var twoKe, int dof, double kT, double tau, double dt) {
        int m = eta.dim(0);
        Var[] xi = new Var[m];
        Var[] v = new Var[m];
        double[] q = new double[m];
        for (int j = 0; j < m; j++) {
            xi[j] = o.reshape(o.sliceAxis(eta, 0, j, j + 1));
            v[j] = o.reshape(o.sliceAxis(vEta, 0, j, j + 1));
            q[j] = (j == 0 ? dof : 1) * kT * tau * tau;
        }
        Var scale = o.onesLike(twoKe);
        Var ke2 = twoKe;
        for (double w : SY) {
            double d = w * dt;
            double d2 = d / 2, d4 = d / 4, d8 = d / 8;
            Var[] g = new Var[m];
            g[0] = ke2.sub(dof * kT).div(q[0]);
            for (int j = 1; j < m; j++) g[j] = v[j - 1].square().mul(q[j - 1]).sub(kT).div(q[j]);
            v[m - 1] = v[m - 1].add(g[m - 1].mul(d4));
            for (int j = m - 2; j >= 0; j--) {
                Var e = v[j + 1].mul(-d8).exp();
                v[j] = v[j].mul(e).add(g[j].mul(d4)).mul(e);
            }
            Var f = v[0].mul(-d2).exp();
            scale = scale.mul(f);
            ke2 = ke2.mul(f.mul(f));
            for (int j = 0; j < m; j++) xi[j] = xi[j].add(v[j].mul(d2));
            g[0] = ke2.sub(dof * kT).div(q[0]);
            for (int j = 0; j < m - 1; j++) {
                Var e = v[j + 1].mul(-d8).exp();
                v[j] = v[j].mul(e).add(g[j].mul(d4)).mul(e);
                g[j + 1] = v[j].square().mul(q[j]).sub(kT).div(q[j + 1]);
            }
            v[m - 1] = v[m - 1].add(g[m - 1].mul(d4));
        }
        return new Var[] {o.stack(0, xi), o.stack(0, v), scale};
    }
}
