package org.polymorph.materials.internal.potential;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * jax-md's {@code soft_sphere} (energy.py): φ(r) = ε/α (1 − r/σ)^α for r < σ, 0 beyond; α = 2
 * gives harmonic discs (jammed packings), α = 5/2 Hertzian contacts. ε (energy) and σ (length) per
 * type pair as symmetric [T, T] tables; α is one scalar. The range is the largest σ. α must be
 * above 1 so that the force vanishes continuously at contact.
 */
public final class SoftSphere implements Potential, PairTangents {
    /** ε [T, T], σ [T, T] and the scalar α, as Vars. */
    public record Params(Var epsilon, Var sigma, Var alpha) { }

    private static final String STYLE = "soft_sphere";
    private final double[] epsilon;
    private final double[] sigma;
    private final double alpha;
    private final int types;
    private final double rc;

    public SoftSphere(double epsilon, double sigma, double alpha) {
        this(new double[] {epsilon}, new double[] {sigma}, alpha);
    }

    public SoftSphere(double[] epsilon, double[] sigma, double alpha) {
        types = PairSum.typesOf(STYLE, epsilon.length);
        this.epsilon = PairSum.symmetric(STYLE, "epsilon", epsilon, types);
        this.sigma = PairSum.symmetric(STYLE, "sigma", sigma, types);
        double max = 0;
        for (int p = 0; p < sigma.length; p++) {
            if (!(this.sigma[p] > 0)) throw new IllegalArgumentException(STYLE + ": sigma[" + p / types + "][" + p % types + "] = " + sigma[p] + "; give sigma > 0");
            max = Math.max(max, this.sigma[p]);
        }
        if (!(alpha > 1) || !Double.isFinite(alpha)) throw new IllegalArgumentException(STYLE + ": alpha = " + alpha + "; give alpha > 1 (2 = harmonic)");
        this.alpha = alpha;
        this.rc = max;
    }

    @Override public String style() { return STYLE; }
    @Override public double cutoff() { return rc; }
    @Override public boolean needsFullList() { return false; }

    private void eval(double r, int p, double[] out) {
        if (r >= sigma[p]) {
            out[0] = 0;
            out[1] = 0;
            return;
        }
        double u = 1 - r / sigma[p];
        double ua = Math.pow(u, alpha - 1);
        out[0] = epsilon[p] / alpha * ua * u;
        out[1] = -epsilon[p] / sigma[p] * ua;
    }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        return PairSum.compute(STYLE, atoms, nl, types, rc, this::eval);
    }

    /** p = the upper triangles ({@link PairSum#upper}) of ε and σ, then α. */
    @Override public int parameterCount() { return types * (types + 1) + 1; }

    /**
     * With u = 1 − r/σ: φ' = −(ε/σ) u^{α−1}, φ'' = (α − 1)(ε/σ²) u^{α−2}; ∂φ'/∂ε = −u^{α−1}/σ,
     * ∂φ'/∂σ = (ε/σ²) u^{α−2} (u − (α − 1) r/σ), ∂φ'/∂α = φ' ln u.
     */
    @Override
    public PairSum.SecondTerm secondTerm(Atoms atoms) {
        int block = types * (types + 1) / 2;
        PairSum.checkTypes(STYLE, atoms, types);
        return new PairSum.SecondTerm() {
            @Override public void curvature(double r, int p, double[] out) {
                if (r >= sigma[p]) {
                    out[0] = out[1] = 0;
                    return;
                }
                double s = sigma[p], u = 1 - r / s;
                out[0] = -epsilon[p] / s * Math.pow(u, alpha - 1);
                out[1] = (alpha - 1) * epsilon[p] / (s * s) * Math.pow(u, alpha - 2);
            }

            @Override public int slopes(double r, int p, int[] index, double[] value) {
                if (r >= sigma[p]) return 0;
                double s = sigma[p], u = 1 - r / s, ua1 = Math.pow(u, alpha - 1);
                int q = PairSum.upper(p / types, p % types, types);
                index[0] = q;
                value[0] = -ua1 / s;
                index[1] = block + q;
                value[1] = epsilon[p] / (s * s) * Math.pow(u, alpha - 2) * (u - (alpha - 1) * r / s);
                index[2] = 2 * block;
                value[2] = -epsilon[p] / s * ua1 * Math.log(u);
                return 3;
            }
        };
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        PairSum.checkTypes(STYLE, atoms, types);
        PairSum.checkHalf(STYLE, nl);
        Params p = (Params) params;
        Var r = PairSum.distances(o, positions, cell, nl);
        Var tp = PairSum.typePairs(o, atoms, nl, types);
        Var eps = PairSum.perPair(o, p.epsilon(), tp);
        Var sig = PairSum.perPair(o, p.sigma(), tp);
        Var in = o.lt(r, sig);
        Var u = o.sub(o.onesLike(r), o.div(PairSum.safe(o, r, in, 0), sig));   // u = 1 outside: finite gradients
        Var a = o.reshape(p.alpha(), 1);
        Var phi = o.mul(o.div(eps, a), o.pow(u, a));
        return PairSum.masked(o, phi, in);
    }

    @Override
    public Object parameters(Ops o) {
        return new Params(o.constant(epsilon, types, types), o.constant(sigma, types, types), o.scalar(org.polymorph.core.tensor.DType.FLOAT64, alpha));
    }
}
