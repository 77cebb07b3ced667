package org.polymorph.materials.internal.patchy;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * The point interactions of a {@link PatchyModel} as a pair potential over plain arrays, for the rigid-body engine:
 * atom type 0 is a core sphere, type 1 + s a patch of species s (T = S + 1 types). Core–core pairs: jax-md's
 * soft sphere (ε_c/α_c)(1 − r/σ_c)^{α_c} for r &lt; σ_c; patch–patch pairs of species a, b: the Morse
 * ε_ab[(1 − e^{−α_ab(r − r0)})² − 1]·S(r) with the model's {@link Cutoff} S (jax-md's multiplicative switch, or its
 * untruncated-to-r_on quirk); core–patch pairs do not interact. The same energy as
 * {@link org.polymorph.materials.patchy.PatchyEnergy} (which sums over body pairs), in the {@link PairSum} loop.
 */
public final class PatchyPair implements Potential {
    /** ε_ab and α_ab [S, S], r0, ε_c, σ_c, α_c as Vars (shapes as {@link org.polymorph.materials.patchy.PatchyParams}). */
    public record Params(Var morseEps, Var morseAlpha, Var morseR0, Var coreEps, Var coreSigma, Var coreAlpha) { }

    private static final String STYLE = "patchy";
    private final int species;
    private final int types;
    private final double[] eps;
    private final double[] alpha;
    private final double r0;
    private final double coreEps;
    private final double coreSigma;
    private final double coreAlpha;
    private final Cutoff cutoff;
    private final double range;

    /**
     * @param eps       ε_ab [S][S], symmetric (energy)
     * @param alpha     α_ab [S][S], symmetric (1/length)
     * @param r0        Morse r0 (length)
     * @param coreEps   ε_c (energy)
     * @param coreSigma σ_c, the contact distance of two cores (length)
     * @param coreAlpha α_c (&gt; 1)
     * @param cutoff    the Morse cut-off; its range must be finite (the neighbour lists need one)
     */
    public PatchyPair(double[][] eps, double[][] alpha, double r0, double coreEps, double coreSigma, double coreAlpha, Cutoff cutoff) {
        species = eps.length;
        types = species + 1;
        double[] e = new double[species * species], a = new double[species * species];
        for (int i = 0; i < species; i++) {
            for (int j = 0; j < species; j++) {
                e[i * species + j] = eps[i][j];
                a[i * species + j] = alpha[i][j];
            }
        }
        this.eps = PairSum.symmetric(STYLE, "epsilon", e, species);
        this.alpha = PairSum.symmetric(STYLE, "alpha", a, species);
        if (!(coreSigma > 0) || !(coreAlpha > 1) || !Double.isFinite(coreEps)) {
            throw new IllegalArgumentException(STYLE + ": core sigma " + coreSigma + ", alpha " + coreAlpha + ", epsilon " + coreEps
                    + "; give sigma > 0, alpha > 1 and a finite epsilon");
        }
        if (!Double.isFinite(cutoff.range())) throw new IllegalArgumentException(STYLE + ": the Morse cut-off never cuts; give a finite cut-off");
        this.r0 = r0;
        this.coreEps = coreEps;
        this.coreSigma = coreSigma;
        this.coreAlpha = coreAlpha;
        this.cutoff = cutoff;
        this.range = Math.max(coreSigma, cutoff.range());
    }

    /** The pair style of {@code model} with its parameters' values (ε, α [S][S] and scalars as in PatchyParams). */
    public static PatchyPair of(PatchyModel model, double[][] eps, double[][] alpha, double r0, double coreEps, double coreSigma, double coreAlpha) {
        if (eps.length != model.patchSpecies()) throw new IllegalArgumentException(STYLE + ": " + eps.length + " Morse rows for "
                + model.patchSpecies() + " patch species; give one row per species");
        return new PatchyPair(eps, alpha, r0, coreEps, coreSigma, coreAlpha, model.cutoff());
    }

    /** T = S + 1: the core type and one per patch species. */
    public int types() { return types; }

    @Override public String style() { return STYLE; }
    @Override public double cutoff() { return range; }
    @Override public boolean needsFullList() { return false; }

    /** φ(r) (energy) of one point pair of atom types ti and tj (0 a core, 1 + s a patch of species s), LAMMPS's single(). */
    public double pairEnergy(int ti, int tj, double r) {
        double[] out = new double[2];
        eval(r, ti * types + tj, out);
        return out[0];
    }

    /** φ(r) to out[0] and dφ/dr to out[1] for the type pair p = t_i·T + t_j. */
    void eval(double r, int p, double[] out) {
        int ti = p / types, tj = p % types;
        out[0] = 0;
        out[1] = 0;
        if (ti == 0 && tj == 0) {
            if (r >= coreSigma) return;
            double u = 1 - r / coreSigma;
            double ua = Math.pow(u, coreAlpha - 1);
            out[0] = coreEps / coreAlpha * ua * u;
            out[1] = -coreEps / coreSigma * ua;
        } else if (ti > 0 && tj > 0) {
            double s = cutoff.factor(r);
            if (s == 0) return;
            int q = (ti - 1) * species + (tj - 1);
            double m = Math.expm1(-alpha[q] * (r - r0));
            double u = eps[q] * (m * m - 1);
            double du = -2 * eps[q] * alpha[q] * m * (m + 1);
            out[0] = u * s;
            out[1] = du * s + u * switchSlope(r);
        }
    }

    /**
     * dS/dr of jax-md's multiplicative_isotropic_cutoff between r_on and r_c: 12 r (r_c² − r²)(r_on² − r²)/(r_c² − r_on²)³
     * (the derivative of {@link Cutoff#factor(double)}); 0 elsewhere.
     */
    private double switchSlope(double r) {
        double ro = cutoff.rOn(), rc = cutoff.rCut();
        if (r < ro || r >= rc) return 0;
        double rc2 = rc * rc, ro2 = ro * ro, r2 = r * r;
        return 12 * r * (rc2 - r2) * (ro2 - r2) / Math.pow(rc2 - ro2, 3);
    }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        return PairSum.compute(STYLE, atoms, nl, types, range, this::eval);
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        PairSum.checkTypes(STYLE, atoms, types);
        PairSum.checkHalf(STYLE, nl);
        Params p = (Params) params;
        Var r = PairSum.distances(o, positions, cell, nl);
        Var tp = PairSum.typePairs(o, atoms, nl, types);
        double[] coreMask = new double[types * types], patchMask = new double[types * types];
        int[] patchPair = new int[types * types];
        coreMask[0] = 1;
        for (int i = 1; i < types; i++) {
            for (int j = 1; j < types; j++) {
                patchMask[i * types + j] = 1;
                patchPair[i * types + j] = (i - 1) * species + (j - 1);
            }
        }
        Var core = PairSum.perPair(o, o.constant(coreMask, types, types), tp);
        Var patch = PairSum.perPair(o, o.constant(patchMask, types, types), tp);
        Var q = o.take(o.constant(o.tensors().fromArray(patchPair, patchPair.length)), tp, 0);
        Var e = o.take(o.reshape(p.morseEps(), -1), q, 0);
        Var a = o.take(o.reshape(p.morseAlpha(), -1), q, 0);
        Var in = PairSum.inside(o, r, range);
        Var rs = PairSum.safe(o, r, in, range);
        // soft sphere: u = 1 − r/σ_c where positive, else 1 (finite gradients), masked below
        Var x = o.sub(o.onesLike(rs), rs.div(p.coreSigma()));
        Var overlap = o.gt(x, o.zerosLike(x));
        Var soft = o.pow(o.where(overlap, x, o.onesLike(x)), p.coreAlpha()).mul(p.coreEps()).div(p.coreAlpha());
        soft = o.where(overlap, soft, o.zerosLike(soft));
        Var m = o.expm1(a.neg().mul(o.sub(rs, p.morseR0())));
        Var morse = e.mul(o.square(m).sub(1.0)).mul(cutoff.factor(o, rs));
        return PairSum.masked(o, o.add(o.mul(core, soft), o.mul(patch, morse)), in);
    }

    @Override
    public Object parameters(Ops o) {
        return new Params(o.constant(eps, species, species), o.constant(alpha, species, species), o.constant(new double[] {r0}),
                o.constant(new double[] {coreEps}), o.constant(new double[] {coreSigma}), o.constant(new double[] {coreAlpha}));
    }
}
