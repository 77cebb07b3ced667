package org.polymorph.materials.pv;

import java.util.List;

/**
 * Implicit-function (adjoint) gradients of a J–V sweep with respect to every numeric design input (Mann et al., arXiv
 * 2105.06305, §2.4): at each bias the converged state x* solves F(x*; θ) = 0, so dJ/dθ = ∂J/∂θ − λᵀ ∂F/∂θ with one
 * transposed block-tridiagonal solve (∂F/∂x)ᵀ λ = (∂J/∂x)ᵀ; Newton is never unrolled. The sweep's discrete choices
 * (the number of biases, the spline interval holding the maximum power, the grid points a layer owns) are held fixed,
 * as automatic differentiation of deltapv holds them.
 */
public final class PvAdjoint {
    private PvAdjoint() { }

    /**
     * The forward sweep and its gradients, θ in the order and units of {@link DesignInputs}.
     *
     * @param forward the forward result
     * @param names the design paths [P]
     * @param pce ∂PCE(%)/∂θ [P]
     * @param current ∂J_k(A/cm²)/∂θ [m biases][P]
     */
    public record Gradient(PvSimulator.Result forward, List<String> names, double[] pce, double[][] current) {
        /** ∂PCE(%)/∂θ of one design path. */
        public double pce(String path) { return pce[index(path)]; }

        /** ∂J(A/cm²)/∂θ at bias index k of one design path. */
        public double current(int bias, String path) { return current[bias][index(path)]; }

        private int index(String path) {
            int i = names.indexOf(path);
            if (i < 0) throw new IllegalArgumentException(path + " is not a design path; paths are " + names);
            return i;
        }
    }

    /** Runs the forward sweep of {@code design} under {@code sun}, then one adjoint solve per bias. */
    public static Gradient gradient(PvDesign design, SunSpectrum sun) {
        return gradient(design, sun, 1e-6);
    }

    /** {@link #gradient(PvDesign, SunSpectrum)} with the forward Newton tolerance of {@link PvSimulator#simulate}. */
    public static Gradient gradient(PvDesign design, SunSpectrum sun, double tolerance) {
        PvCell cell = design.cell(sun);
        PvSimulator.Result fwd = PvSimulator.simulate(cell, design.voltageStep(), sun.totalPower(), tolerance);
        DesignCellAdjoint chain = new DesignCellAdjoint(design, sun);
        List<double[]> states = fwd.states();
        int m = states.size();
        double[][] current = new double[m][];
        for (int k = 0; k < m; k++) {
            double[] x = states.get(k);
            double[] lam = PvResidual.jacobian(cell, x).transpose().solve(PvResidualAdjoint.currentGradient(cell, x));
            for (int i = 0; i < lam.length; i++) lam[i] = -lam[i];
            CellGradient cg = new CellGradient(cell.n);
            PvResidualAdjoint.accumulate(cell, x, lam, 1, cg);
            double[] g = chain.inputs(cg);
            for (int i = 0; i < g.length; i++) g[i] *= PvScales.CURRENT;
            current[k] = g;
        }
        double[] w = PvSimulator.pceWeights(fwd.voltage(), fwd.current(), sun.totalPower());
        double[] pce = new double[current.length == 0 ? 0 : current[0].length];
        for (int k = 0; k < m; k++) for (int i = 0; i < pce.length; i++) pce[i] += w[k] * current[k][i];
        return new Gradient(fwd, DesignInputs.names(design), pce, current);
    }
}
