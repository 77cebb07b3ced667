package org.polymorph.materials.internal.forcefield;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.io.Elements;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.properties.Elastic;
import org.polymorph.materials.properties.Phonons;
import org.polymorph.materials.properties.Statics;
import org.polymorph.materials.properties.Units;
import org.polymorph.materials.structure.Atoms;

/**
 * The loss of a fit as a differentiable function of the scaled free parameters x [k]
 * (θ_free = x ⊙ scale, all other parameters fixed at their starting values): the sum of the
 * targets' terms (see {@link Target}). Property values (GPa, eV, THz) come from the same graphs.
 * Neighbour lists are rebuilt at each evaluation with the current cutoff plus {@link #SKIN}; the
 * potentials' differentiable energies mask entries beyond their (parameter-dependent) cutoffs.
 * Structures are single-element; the mass (phonons) is the standard atomic weight of Elements.mass.
 * Measured (8-atom diamond, ReferenceTensorService): value+gradient / value time 1.8 (sw), 1.5 (edip).
 */
public final class Objective {
    /** Extra list radius (Å) so that a growing cutoff stays inside the list between rebuilds. */
    static final double SKIN = 0.3;

    private final AD ad;
    private final Ops o;
    private final FittableStyle style;
    private final String element;
    private final double mass;
    private final double[] start;
    private final int[] freeIndex;
    private final double[] scale;
    private final List<Target> targets;
    private final MdTargets md;

    public Objective(AD ad, PotentialCatalog catalog, Fit fit, double[] start) {
        this(ad, catalog, fit, start, 1);
    }

    /**
     * {@code threads}: threads of the MD targets' differentiable trajectories (forces and Hessian products by blocks of
     * neighbour-list rows, for styles whose kernels split by rows; one thread otherwise); the loss and its gradient
     * agree with one thread's to rounding.
     */
    public Objective(AD ad, PotentialCatalog catalog, Fit fit, double[] start, int threads) {
        this.ad = ad;
        this.o = ad.ops();
        this.style = FitStyles.of(catalog, fit.style());
        this.element = fit.element();
        this.mass = Elements.mass(fit.element());
        this.start = start.clone();
        this.targets = fit.targets();
        this.md = new MdTargets(ad, this, catalog, start, fit.element(), mass, threads);
        freeIndex = new int[fit.free().size()];
        scale = new double[freeIndex.length];
        for (int j = 0; j < freeIndex.length; j++) {
            String n = fit.free().get(j);
            freeIndex[j] = style.index(n);
            if (!style.freeable(n)) throw new IllegalArgumentException("free parameter '" + n + "' of " + fit.style() + " is fixed by LAMMPS; free another");
            for (int i = 0; i < j; i++) if (freeIndex[i] == freeIndex[j]) throw new IllegalArgumentException("free parameter '" + n + "' given twice");
            scale[j] = start[freeIndex[j]] == 0 ? 1 : start[freeIndex[j]];
        }
    }

    public FittableStyle style() { return style; }

    public int size() { return freeIndex.length; }

    /** θ_j / x_j: the starting value of free parameter j (1 if it starts at 0). */
    public double scale(int j) { return scale[j]; }

    /** x of given full parameter values. */
    public double[] scaled(double[] full) {
        double[] x = new double[freeIndex.length];
        for (int j = 0; j < x.length; j++) x[j] = full[freeIndex[j]] / scale[j];
        return x;
    }

    /** Full parameter values (file order) of x. */
    public double[] full(double[] x) {
        double[] v = start.clone();
        for (int j = 0; j < x.length; j++) v[freeIndex[j]] = x[j] * scale[j];
        return v;
    }

    /** Bounds [lo, hi] in x units of a bound in parameter units (the order flips for a negative scale). */
    public double[] scaledBounds(int j, double lo, double hi) {
        double a = lo / scale[j];
        double b = hi / scale[j];
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    /** The loss and its gradient w.r.t. x. */
    public double[] lossAndGradient(double[] x) {
        ValueAndGrad<Var> vg = ad.valueAndGrad(v -> loss(v, x), o.constant(x, x.length));
        double[] g = o.tensors().toDoubleArray(vg.grad().value());
        double[] out = new double[1 + g.length];
        out[0] = vg.value().item();
        for (int k = 0; k < g.length; k++) {
            if (!Double.isFinite(g[k])) throw new ArithmeticException("fit: non-finite gradient for '" + style.names().get(freeIndex[k]) + "' at parameters " + java.util.Arrays.toString(full(x)));
            out[1 + k] = g[k];
        }
        if (!Double.isFinite(out[0])) throw new ArithmeticException("fit: non-finite loss at parameters " + java.util.Arrays.toString(full(x)));
        return out;
    }

    /** The loss alone (no gradient). */
    public double loss(double[] x) { return loss(o.constant(x, x.length), x).item(); }

    /** Σ_targets weight · term (dimensionless). */
    Var loss(Var x, double[] xValue) {
        Potential pot = style.potential(full(xValue));
        Object params = params(x);
        Var total = o.scalar(DType.FLOAT64, 0);
        for (Target t : targets) {
            if (MdTargets.handles(t)) {                       // MD-based: weight · L2² of the curves
                total = o.add(total, o.mul(o.square(md.distance(t, x)), o.scalar(DType.FLOAT64, t.weight())));
                continue;
            }
            Var[] m = model(t, pot, params);
            double[] tv = t.values();
            Var term = o.scalar(DType.FLOAT64, 0);
            for (int k = 0; k < tv.length; k++) {
                double s = t instanceof Target.ZeroPressure ? 1.0 : Math.abs(tv[k]);      // pressure in units of 1 GPa
                term = o.add(term, o.square(o.div(o.sub(m[k], o.scalar(DType.FLOAT64, tv[k])), o.scalar(DType.FLOAT64, s))));
            }
            if (t instanceof Target.PhononFrequencies) term = o.div(term, o.scalar(DType.FLOAT64, tv.length));
            total = o.add(total, o.mul(term, o.scalar(DType.FLOAT64, t.weight())));
        }
        return total;
    }

    /** The style's Params record at x (Vars of x for the free parameters, constants otherwise). */
    Object params(Var x) {
        List<Var> all = new ArrayList<>();
        for (int i = 0; i < start.length; i++) all.add(o.scalar(DType.FLOAT64, start[i]));
        for (int j = 0; j < freeIndex.length; j++) {
            all.set(freeIndex[j], o.reshape(o.mul(o.sliceAxis(x, 0, j, j + 1), o.scalar(DType.FLOAT64, scale[j]))));
        }
        return style.params(all);
    }

    /** The fitted style as a family over x: the kernel's potential at x and the differentiable parameters of x (the MD targets' forces). */
    FusedEnergy.Family family() {
        return new FusedEnergy.Family() {
            @Override public Potential at(double[] x) { return style.potential(full(x)); }

            @Override public Object params(Ops ops, Var x) { return Objective.this.params(x); }

            /** The style's file-order entry is start with θ_free = x ⊙ scale: ∂p/∂x is scale on the free entries. */
            @Override public double[] parameterJacobian(double[] x) {
                double[] jac = new double[start.length * x.length];
                for (int j = 0; j < freeIndex.length; j++) jac[freeIndex[j] * x.length + j] = scale[j];
                return jac;
            }
        };
    }

    /** Each target's model values at the full parameter values {@code full} (GPa, eV/atom, THz). */
    public double[][] properties(double[] xValue) {
        Potential pot = style.potential(full(xValue));
        Object params = params(o.constant(xValue, xValue.length));
        double[][] out = new double[targets.size()][];
        for (int t = 0; t < out.length; t++) {
            if (MdTargets.handles(targets.get(t))) {
                out[t] = new double[] {md.distance(targets.get(t), o.constant(xValue, xValue.length)).item()};
                continue;
            }
            Var[] m = model(targets.get(t), pot, params);
            out[t] = new double[m.length];
            for (int k = 0; k < m.length; k++) out[t][k] = m[k].item();
        }
        return out;
    }

    MdTargets md() { return md; }

    /**
     * The loss and gradient of one MD-based target alone, weight · L2², with or without √T checkpointing (bench.ff);
     * {@code betweenPasses} runs after the forward pass, while its tape is held, and before the backward pass.
     */
    double[] mdLossAndGradient(Target t, double[] x, boolean checkpoint, Runnable betweenPasses) {
        org.polymorph.autodiff.VjpResult<Var, Var> r = ad.vjp(v -> o.mul(o.square(md.distance(t, v, checkpoint)), o.scalar(DType.FLOAT64, t.weight())), o.constant(x, x.length));
        betweenPasses.run();
        double[] g = o.tensors().toDoubleArray(r.pullback().apply(o.scalar(DType.FLOAT64, 1)).value());
        double[] out = new double[1 + g.length];
        out[0] = r.out().item();
        System.arraycopy(g, 0, out, 1, g.length);
        return out;
    }

    /** An MD-based target's curves at x: {grid, model, target} (THz and 1/THz, or Å and g). */
    public double[][] mdCurves(Target t, double[] xValue) { return md.curves(t, xValue); }

    /** The model values of one target as scalar Vars, in the order of its labels. */
    private Var[] model(Target t, Potential pot, Object params) {
        if (t instanceof Target.PhononFrequencies ph) return phonons(ph, pot, params);
        Atoms atoms = Structures.cubic(t.structure(), t.latticeConstant(), 1, element, mass);
        NeighborList nl = new NeighborListBuilder(pot.cutoff() + SKIN, 0, !pot.needsFullList()).build(atoms);
        Var r = Statics.positions(o, atoms);
        Var h = Statics.cell(o, atoms);
        Var gpa = o.scalar(DType.FLOAT64, Units.EV_PER_A3_TO_GPA);
        if (t instanceof Target.ElasticConstants) {
            Var c = o.mul(o.reshape(Elastic.relaxedIon(ad, pot, r, h, params, atoms, nl), 36), gpa);
            return new Var[] {mean(c, 0, 7, 14), mean(c, 1, 2, 8, 6, 12, 13), mean(c, 21, 28, 35)};
        }
        if (t instanceof Target.ZeroPressure) {
            Var s = Statics.stress(ad, pot, r, h, params, atoms, nl);
            return new Var[] {o.neg(o.mul(mean(s, 0, 1, 2), gpa))};
        }
        return new Var[] {o.div(pot.energy(o, r, h, params, atoms, nl), o.scalar(DType.FLOAT64, atoms.size()))};
    }

    private Var mean(Var flat, int... idx) {
        Var picked = o.take(flat, o.constant(o.tensors().fromArray(idx, idx.length)), 0);
        return o.div(o.sum(picked), o.scalar(DType.FLOAT64, idx.length));
    }

    /** Band-group means of ν = √λ · 15.633 THz at each q (λ > 0 assumed; a soft mode is an error naming q). */
    private Var[] phonons(Target.PhononFrequencies t, Potential pot, Object params) {
        Atoms prim = Structures.primitive(t.structure(), t.latticeConstant(), element, mass);
        Phonons ph = Phonons.compute(ad, pot, params, prim, Phonons.supercell(prim, t.supercell(), t.supercell(), t.supercell()));
        double[] cell = prim.box().h();
        List<Var> out = new ArrayList<>();
        for (int k = 0; k < t.q().length; k++) {
            double[] frac = new double[3];
            for (int j = 0; j < 3; j++) {
                for (int a = 0; a < 3; a++) frac[j] += t.q()[k][a] * cell[3 * j + a] / t.latticeConstant();
            }
            Var lam = ph.eigenvalues(frac, cell);
            double[] lv = o.tensors().toDoubleArray(lam.value());
            for (int[] group : t.bands()[k]) {
                for (int b : group) {
                    if (b < 0 || b >= lv.length) throw new IllegalArgumentException("phonon target: band " + b + " at q " + java.util.Arrays.toString(t.q()[k]) + "; there are " + lv.length);
                    if (!(lv[b] > 0)) throw new ArithmeticException("phonon target: band " + b + " at q " + java.util.Arrays.toString(t.q()[k]) + " is soft (λ = " + lv[b] + ")");
                }
                Var nu = o.mul(o.sqrt(o.take(lam, o.constant(o.tensors().fromArray(group, group.length)), 0)), o.scalar(DType.FLOAT64, Units.THZ_PER_SQRT_EV_A2_AMU));
                out.add(o.div(o.sum(nu), o.scalar(DType.FLOAT64, group.length)));
            }
        }
        return out.toArray(new Var[0]);
    }
}
