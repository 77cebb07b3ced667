package org.polymorph.materials.patchy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Implicit;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * Equilibrium yields of small clusters by statistical mechanics in the harmonic approximation, as the self-assembly
 * toolbox of Krueger et al. (rkruegs123/self-assembly-toolkit, dimers/compute.py), differentiable in every
 * {@link PatchyParams} component (the minimum by the implicit function theorem).
 *
 * <p>Per volume, a cluster of n rigid bodies has configurational partition function (kinetic factors cancel in mass
 * action because every body keeps its own mass and inertia)
 * Q = Ω e^{−E₀/kT} (2π kT)^{c(n−1)/2} det(H)^{−1/2} / σ, with Ω = 8π² in 3D (2π in 2D) the orientation volume of
 * body 0, E₀ the energy at the minimum, c the coordinates per body and H the Hessian [c(n−1)]² in the coordinates of
 * bodies 1..n−1 with body 0 held fixed (equal to the toolbox's product over the non-zero eigenvalues of the full
 * Hessian times the volume of the zero-mode orbit). A monomer has Q = Ω. Mass action with
 * K_k = Q_k / Ω^{n_k} ({@link MassAction}) at total concentrations C_t gives each species' share of the bodies.
 * Energies in the units of kT.
 */
public final class EquilibriumYields {
    /** Attempts to leave a saddle along its softest mode, and the step (coordinate units) taken along it. */
    private static final int SADDLE_ESCAPES = 3;
    private static final double SADDLE_KICK = 0.05;
    /** Distances (length units) that agree to this are equal when the symmetry number is found from the minimum. */
    private static final double SYMMETRY_TOLERANCE = 1e-5;
    private final AD ad;
    private final PatchyEnergy energy;
    private final double kT;
    private final DampedNewton newton;

    /** Free energy of one cluster species: log Q (per volume), E₀ and log det H, all differentiable; the minimum found. */
    public record FreeEnergy(String name, Var logQ, Var energy, Var logDetHessian, double[][] minimum, double[][] referenceRotations,
                             double[] hessianEigenvalues, int symmetryNumber, int mirrorImages) { }

    /**
     * Yields: {@code fractions} [T + K], the share of all bodies that are free monomers of each type, then in each
     * cluster species; {@code logMonomers} [T] log of the free-monomer concentrations.
     */
    public record Yields(Var fractions, Var logMonomers, List<FreeEnergy> clusters) { }

    public EquilibriumYields(AD ad, PatchyModel model, double kT) {
        if (!(kT > 0)) throw new IllegalArgumentException("kT = " + kT + "; give a positive temperature (energy units)");
        this.ad = ad;
        this.energy = new PatchyEnergy(model);
        this.kT = kT;
        this.newton = new DampedNewton(ad, 1e-10, 500);
    }

    /** log Ω: the orientation volume of one body (8π² in 3D, 2π in 2D). */
    public double logOrientationVolume() { return Math.log(energy.model().dimension() == 3 ? 8 * Math.PI * Math.PI : 2 * Math.PI); }

    public FreeEnergy freeEnergy(ClusterSpecies s, PatchyParams p) {
        Ops o = ad.ops();
        int n = s.size(), c = energy.model().coordinatesPerBody();
        double[][] rows = s.seed();
        double[][] refs = rebase(rows, s.referenceRotations());
        PatchyParams fixed = constants(o, p);
        double[] x = minimise(s, rows, refs, fixed);
        if (c == 6) {
            for (int i = 1; i < n; i++) System.arraycopy(x, (i - 1) * c, rows[i], 0, c);
            refs = rebase(rows, refs);
            x = minimise(s, rows, refs, fixed);
        }
        double[][] r = refs;
        double[] row0 = rows[0];
        double[] lambda = null;
        for (int escape = 0; ; escape++) {
            Var[] eig = o.eigh(ad.hessian(v -> reduced(o, v, row0, s, r, fixed), o.constant(x, x.length)));
            lambda = o.tensors().toDoubleArray(eig[0].value());
            if (!(lambda[0] < 0) || escape == SADDLE_ESCAPES) break;
            // a saddle (a symmetric seed can converge to one): step down the softest mode and minimise again
            double[] vec = o.tensors().toDoubleArray(eig[1].value());
            double[] kicked = x.clone();
            for (int k = 0; k < x.length; k++) kicked[k] += SADDLE_KICK * vec[k * x.length];
            x = minimiseFrom(s, row0, r, fixed, kicked);
        }
        if (!(lambda[0] > 1e-9 * Math.abs(lambda[lambda.length - 1]))) throw new ArithmeticException("cluster " + s.name()
                + " has no rigid minimum near its seed (Hessian eigenvalues " + lambda[0] + " .. " + lambda[lambda.length - 1]
                + (lambda[0] < 0 ? ", a saddle" : ", a floppy mode") + "): the harmonic free energy is undefined");
        double[] x0 = x;
        double[][] minimum = new double[n][];
        minimum[0] = row0.clone();
        for (int i = 1; i < n; i++) {
            minimum[i] = new double[c];
            System.arraycopy(x, (i - 1) * c, minimum[i], 0, c);
        }
        int sigma = s.symmetryNumber();
        int images = 1;
        if (sigma == 0) {
            double[][][] pts = worldPoints(s, minimum, r, fixed);
            int[][] labels = labels(s);
            sigma = ClusterSymmetry.symmetryNumber(s.types(), labels, pts, SYMMETRY_TOLERANCE);
            if (ClusterSymmetry.chiral(s.types(), labels, pts, SYMMETRY_TOLERANCE) && achiralBodies(s, labels, pts)) images = 2;
        }
        Var xs = Implicit.argmin(ad, (v, th) -> reduced(o, v, row0, s, r, th),
                th -> o.constant(minimiseFrom(s, row0, r, th, x0), x0.length), p, Implicit.LinearSolve.DENSE);
        Var h = ad.hessian(v -> reduced(o, v, row0, s, r, p), xs);
        Var chol = o.cholesky(h);
        Var logDet = o.sum(o.log(o.sum(o.mul(chol, o.constant(identity(x.length), x.length, x.length)), 1))).mul(2);
        Var e0 = reduced(o, xs, row0, s, r, p);
        Var logQ = e0.div(-kT).sub(logDet.mul(0.5)).add(logOrientationVolume() + 0.5 * x.length * Math.log(2 * Math.PI * kT)
                - Math.log(sigma) + Math.log(images));
        return new FreeEnergy(s.name(), o.reshape(logQ, -1), o.reshape(e0, -1), o.reshape(logDet, -1), minimum, r, lambda, sigma, images);
    }

    /** Equilibrium shares of the bodies at total concentrations {@code total} [T] (bodies per volume of each type). */
    public Yields yields(List<ClusterSpecies> species, PatchyParams p, double[] total) {
        Ops o = ad.ops();
        int types = energy.model().types().size();
        if (total.length != types) throw new IllegalArgumentException(total.length + " concentrations for " + types
                + " body types; give one per type");
        List<FreeEnergy> fe = new ArrayList<>();
        Var[] logK = new Var[species.size()];
        double[][] counts = new double[species.size()][types];
        double all = 0;
        for (double t : total) all += t;
        for (int k = 0; k < species.size(); k++) {
            ClusterSpecies s = species.get(k);
            FreeEnergy f = freeEnergy(s, p);
            fe.add(f);
            for (int t = 0; t < types; t++) counts[k][t] = s.count(t);
            logK[k] = f.logQ().sub(s.size() * logOrientationVolume());
        }
        Var lk = o.concat(0, logK);
        Var logM = new MassAction(ad, counts, total).logMonomers(lk);
        Var[] shares = new Var[types + species.size()];
        for (int t = 0; t < types; t++) shares[t] = o.exp(o.sliceAxis(logM, 0, t, t + 1)).div(all);
        for (int k = 0; k < species.size(); k++) {
            Var e = o.sliceAxis(lk, 0, k, k + 1);
            for (int t = 0; t < types; t++) if (counts[k][t] > 0) e = e.add(o.sliceAxis(logM, 0, t, t + 1).mul(counts[k][t]));
            shares[types + k] = o.exp(e).mul(species.get(k).size() / all);
        }
        return new Yields(o.concat(0, shares), logM, fe);
    }

    private double[] minimise(ClusterSpecies s, double[][] rows, double[][] refs, PatchyParams fixed) {
        int c = energy.model().coordinatesPerBody();
        double[] x0 = new double[(s.size() - 1) * c];
        for (int i = 1; i < s.size(); i++) System.arraycopy(rows[i], 0, x0, (i - 1) * c, c);
        return minimiseFrom(s, rows[0], refs, fixed, x0);
    }

    private double[] minimiseFrom(ClusterSpecies s, double[] row0, double[][] refs, PatchyParams th, double[] x0) {
        Ops o = ad.ops();
        Function<Var, Var> f = v -> reduced(o, v, row0, s, refs, th);
        return newton.minimise(f, x0, "minimum of cluster " + s.name());
    }

    /** E(q) with body 0 at {@code row0} and bodies 1..n−1 from x [c(n−1)]. */
    private Var reduced(Ops o, Var x, double[] row0, ClusterSpecies s, double[][] refs, PatchyParams p) {
        int c = energy.model().coordinatesPerBody();
        Var q = o.concat(0, o.constant(row0, 1, c), o.reshape(x, s.size() - 1, c));
        return o.reshape(energy.energy(o, q, s.types(), refs, p), -1).sum();
    }

    /** 3D: folds each body's ω into its reference rotation and zeroes it (rows changed in place); 2D: nothing. */
    private double[][] rebase(double[][] rows, double[][] refs) {
        if (energy.model().coordinatesPerBody() != 6) return refs;
        Ops o = ad.ops();
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = energy.rotation(o, rows[i], refs == null ? identity(3) : refs[i]);
            for (int a = 3; a < 6; a++) rows[i][a] = 0;
        }
        return out;
    }

    /** Point labels [n][m_i]: 0 for cores, 1 + species for patches. */
    private int[][] labels(ClusterSpecies s) {
        int[][] out = new int[s.size()][];
        for (int i = 0; i < out.length; i++) {
            BodyType t = energy.model().types().get(s.types()[i]);
            int cores = t.cores().length;
            int[] species = t.patchSpecies();
            out[i] = new int[cores + species.length];
            for (int k = 0; k < species.length; k++) out[i][cores + k] = 1 + species[k];
        }
        return out;
    }

    /** Whether every body of the cluster is achiral (its labelled points have an improper self-map). */
    private static boolean achiralBodies(ClusterSpecies s, int[][] labels, double[][][] pts) {
        for (int i = 0; i < pts.length; i++) {
            if (ClusterSymmetry.chiral(new int[] {s.types()[i]}, new int[][] {labels[i]}, new double[][][] {pts[i]}, SYMMETRY_TOLERANCE)) return false;
        }
        return true;
    }

    /** World positions [n][m_i][d] of every body's cores then patches at coordinates {@code rows}. */
    private double[][][] worldPoints(ClusterSpecies s, double[][] rows, double[][] refs, PatchyParams fixed) {
        Ops o = ad.ops();
        int d = energy.model().dimension();
        double[][] centres = new double[rows.length][], rotations = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            centres[i] = java.util.Arrays.copyOf(rows[i], d);
            rotations[i] = energy.rotation(o, rows[i], refs == null ? null : refs[i]);
        }
        Configuration conf = new Configuration(s.types(), centres, rotations, null);
        double[][][] out = new double[rows.length][][];
        for (int i = 0; i < rows.length; i++) {
            int t = s.types()[i];
            double[][] cores = energy.model().types().get(t).cores();
            double[] patches = o.tensors().toDoubleArray(fixed.patches()[t].value());
            out[i] = new double[cores.length + patches.length / d][];
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] = conf.world(i, k < cores.length ? cores[k] : java.util.Arrays.copyOfRange(patches, (k - cores.length) * d,
                        (k - cores.length + 1) * d));
            }
        }
        return out;
    }

    private static PatchyParams constants(Ops o, PatchyParams p) {
        Var[] patches = new Var[p.patches().length];
        for (int t = 0; t < patches.length; t++) patches[t] = o.constant(p.patches()[t].value());
        return new PatchyParams(patches, o.constant(p.morseEps().value()), o.constant(p.morseAlpha().value()),
                o.constant(p.morseR0().value()), o.constant(p.coreEps().value()), o.constant(p.coreSigma().value()),
                o.constant(p.coreAlpha().value()));
    }

    private static double[] identity(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) m[i * n + i] = 1;
        return m;
    }
}
