package org.polymorph.materials.internal.potential;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS {@code lj/cut}: E = Σ_pairs 4ε[(σ/r)¹² − (σ/r)⁶] for r < rc, optionally shifted so that
 * E(rc) = 0 ({@code pair_modify shift yes}). ε and σ are per type pair [T, T]; the constructor for
 * one type uses the given values; mixed pairs use geometric mixing (LAMMPS's default). Second derivatives
 * ({@link SecondOrder}) over the parameter vector p = (ε_0 … ε_{T−1}, σ_0 … σ_{T−1}), the per-type values.
 */
public final class LjCut implements Potential, PairTangents, PartialRow.OnAtoms {
    /** ε [T, T] (energy), σ [T, T] (length), as Vars: what a fit differentiates. */
    public record Params(Var epsilon, Var sigma) { }

    private final double[] epsilonPerType;   // [T]
    private final double[] sigmaPerType;     // [T]
    private final double[] epsilon;    // [T*T]
    private final double[] sigma;      // [T*T]
    private final int types;
    private final double rc;
    private final boolean shift;
    // per type pair, as LAMMPS's init_one: lj1 = 48εσ¹², lj2 = 24εσ⁶, lj3 = 4εσ¹², lj4 = 4εσ⁶, offset = E(rc) when shifted
    private final double[] lj1;
    private final double[] lj2;
    private final double[] lj3;
    private final double[] lj4;
    private final double[] offset;
    private final Extended.Pool extended = new Extended.Pool();
    /** The atom behind each extended atom of the last list the walks read by atom ({@link #atomOf}), kept while the list is. */
    private volatile AtomMap atoms;

    private record AtomMap(NeighborList nl, int[] atom) { }

    /** Several types on the atoms: the spread tangent and the extended product [≥ 3(N + G)], one pair per concurrent caller. */
    private final java.util.concurrent.ConcurrentLinkedDeque<double[][]> spreadBuffers = new java.util.concurrent.ConcurrentLinkedDeque<>();

    public LjCut(double epsilon, double sigma, double cutoff, boolean shift) {
        this(new double[] {epsilon}, new double[] {sigma}, cutoff, shift);
    }

    /** Per-type ε and σ; pairs mix geometrically: ε_ij = √(ε_i ε_j), σ_ij = √(σ_i σ_j). */
    public LjCut(double[] epsilonPerType, double[] sigmaPerType, double cutoff, boolean shift) {
        if (epsilonPerType.length != sigmaPerType.length || epsilonPerType.length == 0) {
            throw new IllegalArgumentException("lj/cut: give one epsilon and one sigma per type");
        }
        if (!(cutoff > 0)) throw new IllegalArgumentException("lj/cut: cutoff = " + cutoff + "; give cutoff > 0");
        types = epsilonPerType.length;
        this.epsilonPerType = epsilonPerType.clone();
        this.sigmaPerType = sigmaPerType.clone();
        epsilon = new double[types * types];
        sigma = new double[types * types];
        for (int a = 0; a < types; a++) {
            for (int b = 0; b < types; b++) {
                if (!(epsilonPerType[a] >= 0) || !(sigmaPerType[a] > 0)) {
                    throw new IllegalArgumentException("lj/cut: type " + a + " has epsilon " + epsilonPerType[a] + ", sigma "
                            + sigmaPerType[a] + "; give epsilon >= 0 and sigma > 0");
                }
                epsilon[a * types + b] = Math.sqrt(epsilonPerType[a] * epsilonPerType[b]);
                sigma[a * types + b] = Math.sqrt(sigmaPerType[a] * sigmaPerType[b]);
            }
        }
        this.rc = cutoff;
        this.shift = shift;
        int n = types * types;
        lj1 = new double[n];
        lj2 = new double[n];
        lj3 = new double[n];
        lj4 = new double[n];
        offset = new double[n];
        for (int p = 0; p < n; p++) {
            double s6 = Math.pow(sigma[p], 6);
            lj1[p] = 48 * epsilon[p] * s6 * s6;
            lj2[p] = 24 * epsilon[p] * s6;
            lj3[p] = 4 * epsilon[p] * s6 * s6;
            lj4[p] = 4 * epsilon[p] * s6;
            offset[p] = shiftEnergy(p);
        }
    }

    @Override public String style() { return "lj/cut"; }

    /** The number of atom types T. */
    public int types() { return types; }

    /** ε per type pair [T·T] (energy), mixed, pair (a, b) at a·T + b. */
    public double[] pairEpsilon() { return epsilon.clone(); }

    /** σ per type pair [T·T] (length), mixed. */
    public double[] pairSigma() { return sigma.clone(); }

    /** Whether the energy is shifted to 0 at the cutoff ({@code pair_modify shift yes}). */
    public boolean shifted() { return shift; }
    @Override public double cutoff() { return rc; }
    @Override public boolean needsFullList() { return false; }

    private void checkTypes(Atoms atoms) {
        if (atoms.typeNames().size() != types) {
            throw new IllegalArgumentException("lj/cut: parameters for " + types + " type(s), structure has " + atoms.typeNames().size());
        }
    }

    /**
     * The fused loop over a half list (each pair once, Newton's third law) in the list's ghost-atom
     * form ({@link org.polymorph.materials.partition.Ghosts}): the loop reads x[j] − x[i] of the extended positions with no image
     * arithmetic. The virial is not summed per pair but, as LAMMPS's virial_fdotr_compute, afterwards
     * from the extended atoms: W = Σ_pairs r_ij ⊗ f_ij = Σ_ext x ⊗ f, before the ghosts' forces are
     * folded onto their owners.
     */
    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        checkTypes(atoms);
        if (!nl.half()) throw new IllegalArgumentException("lj/cut: needs a half neighbour list");
        try (Extended ex = extended.take(atoms, nl)) {
            // the pair loop reads x, y, z of j as three streams
            double[][] x = {ex.x, ex.y, ex.z};
            double[][] f = {ex.fx, ex.fy, ex.fz};
            int[] local = nl.ghosts().local();
            double e = types == 1 ? oneType(x, local, nl.offsets(), f) : mixed(x, ex.types(atoms), local, nl.offsets(), f);
            return new Evaluation(e, ex.forces(), ex.virial());
        }
    }

    /** One type: the coefficients are scalars. Positions and forces by axis [3][N + G], rows of extended indices; returns the energy. */
    private double oneType(double[][] xyz, int[] nb, int[] offsets, double[][] fxyz) {
        double[] x = xyz[0], y = xyz[1], z = xyz[2], fX = fxyz[0], fY = fxyz[1], fZ = fxyz[2];
        double c1 = lj1[0], c2 = lj2[0], c3 = lj3[0], c4 = lj4[0];
        double rc2 = rc * rc;
        double e = 0;
        int pairs = 0;
        for (int i = 0, n = offsets.length - 1; i < n; i++) {
            double xi = x[i], yi = y[i], zi = z[i];
            double fxi = 0, fyi = 0, fzi = 0;
            for (int k = offsets[i], end = offsets[i + 1]; k < end; k++) {
                int j = nb[k];
                double dx = x[j] - xi;
                double dy = y[j] - yi;
                double dz = z[j] - zi;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2) continue;
                pairs++;
                double r2inv = 1.0 / r2;
                double r6inv = r2inv * r2inv * r2inv;
                e += r6inv * (c3 * r6inv - c4);
                double fOverR = r6inv * (c1 * r6inv - c2) * r2inv;   // −(dE/dr)/r
                double fx = fOverR * dx;
                double fy = fOverR * dy;
                double fz = fOverR * dz;
                fX[j] += fx;
                fY[j] += fy;
                fZ[j] += fz;
                fxi -= fx;
                fyi -= fy;
                fzi -= fz;
            }
            fX[i] += fxi;
            fY[i] += fyi;
            fZ[i] += fzi;
        }
        return e - pairs * offset[0];
    }

    /** Several types: coefficients per type pair p = t_i·T + t_j, te the type of each extended atom [N + G]. */
    private double mixed(double[][] xyz, int[] te, int[] nb, int[] offsets, double[][] fxyz) {
        double[] x = xyz[0], y = xyz[1], z = xyz[2], fX = fxyz[0], fY = fxyz[1], fZ = fxyz[2];
        int n = offsets.length - 1;
        double rc2 = rc * rc;
        double e = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[i], yi = y[i], zi = z[i];
            double fxi = 0, fyi = 0, fzi = 0;
            int row = te[i] * types;
            for (int k = offsets[i], end = offsets[i + 1]; k < end; k++) {
                int j = nb[k];
                double dx = x[j] - xi;
                double dy = y[j] - yi;
                double dz = z[j] - zi;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2) continue;
                int p = row + te[j];
                double r2inv = 1.0 / r2;
                double r6inv = r2inv * r2inv * r2inv;
                e += r6inv * (lj3[p] * r6inv - lj4[p]) - offset[p];
                double fOverR = r6inv * (lj1[p] * r6inv - lj2[p]) * r2inv;
                double fx = fOverR * dx;
                double fy = fOverR * dy;
                double fz = fOverR * dz;
                fX[j] += fx;
                fY[j] += fy;
                fZ[j] += fz;
                fxi -= fx;
                fyi -= fy;
                fzi -= fz;
            }
            fX[i] += fxi;
            fY[i] += fyi;
            fZ[i] += fzi;
        }
        return e;
    }

    private double shiftEnergy(int p) {
        if (!shift) return 0;
        double sr6 = Math.pow(sigma[p] / rc, 6);
        return 4 * epsilon[p] * (sr6 * sr6 - sr6);
    }

    @Override public int parameterCount() { return 2 * types; }

    @Override
    public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP) {
        if (types != 1) {
            PairTangents.super.hessianProduct(atoms, nl, dX, dp, outX, outP);
            return;
        }
        try (Extended ex = oneTypeProduct(atoms, nl, dX, false, dp, outP)) {
            double[] fx = ex.fx, fy = ex.fy, fz = ex.fz;
            for (int l = 0, m = ex.size(); l < m; l++) {
                outX[3 * l] += fx[l];
                outX[3 * l + 1] += fy[l];
                outX[3 * l + 2] += fz[l];
            }
        }
    }

    /** Every parameter row is filled (two numbers per pair): the same as {@link #hessianProduct}. */
    @Override
    public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP, boolean[] rows) {
        hessianProduct(atoms, nl, dX, dp, outX, outP);
    }

    /**
     * rowR [3N] = the product of {@link #hessianProduct} for the tangent dR [3N] spread onto the extended atoms and folded back
     * onto the atoms (as {@link ExtendedTangents#spread} and {@link ExtendedTangents#reduce} with a zeroed product, bit for
     * bit, zero signs aside), without building either: the walk reads each neighbour's tangent at the atom behind it.
     */
    @Override
    public void hessianProductOnAtoms(Atoms atoms, NeighborList nl, double[] dR, double[] dp, double[] rowR, double[] outP, boolean[] rows) {
        int n3 = 3 * atoms.size();
        if (dR.length != n3 || rowR.length != n3) {
            throw new IllegalArgumentException("lj/cut: tangent and product have " + dR.length + " and " + rowR.length + " components, the atoms " + n3);
        }
        if (types != 1) {                                           // the shared pair walk between spread and reduce
            int ext = 3 * nl.ghosts().extended();
            double[][] b = spreadBuffers.pollFirst();
            if (b == null || b[0].length < ext) b = new double[][] {new double[ext], new double[ext]};
            java.util.Arrays.fill(b[1], 0, ext, 0);
            PairTangents.super.hessianProduct(atoms, nl, ExtendedTangents.spread(nl.ghosts(), dR, null, b[0]), dp, b[1], outP);
            ExtendedTangents.reduce(nl.ghosts(), b[1], rowR, null);
            if (spreadBuffers.size() < 8) spreadBuffers.addFirst(b);
            return;
        }
        try (Extended ex = oneTypeProduct(atoms, nl, dR, true, dp, outP)) {
            nl.ghosts().fold(ex.fx, ex.fy, ex.fz, rowR);
        }
    }

    /**
     * One type, one tangent (the adjoint's product): H·Ẋ + (∂²E/∂X∂p)·ṗ on the extended atoms in the returned set's force
     * arrays (the caller reads and closes it), and outP (or null) += (∂²E/∂p∂X)·Ẋ. Per pair g = φ'/r, q = (φ'' − g)/r² and
     * the slopes of φ'/r in (ε, σ) once, with fused multiply-adds; the parameter row's two entries summed in locals, atom
     * i's share of its row summed in locals and written once per row. The tangent is Ẋ [3(N + G)] by extended index, or dR [3N] by atom
     * ({@code onAtoms}: each extended atom reads its owner's).
     */
    private Extended oneTypeProduct(Atoms atoms, NeighborList nl, double[] t, boolean onAtoms, double[] dp, double[] outP) {
        checkTypes(atoms);
        if (!nl.half()) throw new IllegalArgumentException("lj/cut: needs a half neighbour list");
        double c1 = lj1[0], c2 = lj2[0], eps = epsilon[0], sig = sigma[0];
        double s2 = sig * sig, s6 = s2 * s2 * s2, s12 = s6 * s6;
        double e1 = 48 * s12, e2 = 24 * s6, g1 = eps * 576 * s12 / sig, g2 = eps * 144 * s6 / sig;
        double rc2 = rc * rc;
        // the parameter term, (∂φ'/∂ε ṗ_ε + ∂φ'/∂σ ṗ_σ)/r = r⁻⁸ (pB − pA r⁻⁶)
        double pA = dp == null ? 0 : e1 * dp[0] + g1 * dp[1], pB = dp == null ? 0 : e2 * dp[0] + g2 * dp[1];
        double q1 = 14 * c1, q2 = 8 * c2;
        boolean row = outP != null;
        double rowE = 0, rowS = 0;                                                      // the parameter row (ε, σ)
        Extended ex = extended.take(atoms, nl);
        double[] x = ex.x, y = ex.y, z = ex.z, fX = ex.fx, fY = ex.fy, fZ = ex.fz;
        int[] nb = nl.ghosts().local();
        int[] at = onAtoms ? atomOf(nl) : null;
        int[] offsets = nl.offsets();
        for (int i = 0, n = offsets.length - 1; i < n; i++) {
            double xi = x[i], yi = y[i], zi = z[i];
            double ax = t[3 * i], ay = t[3 * i + 1], az = t[3 * i + 2];                  // atom i's tangent (its own: i < N)
            double sx = 0, sy = 0, sz = 0;                                              // its share of the product
            for (int k = offsets[i], end = offsets[i + 1]; k < end; k++) {
                int l = nb[k];
                double dx = x[l] - xi, dy = y[l] - yi, dz = z[l] - zi;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2) continue;
                double r2inv = 1.0 / r2, r6inv = r2inv * r2inv * r2inv, r8inv = r6inv * r2inv;
                double g = r8inv * Math.fma(-c1, r6inv, c2);                            // φ'/r = r⁻⁸ (lj2 − lj1 r⁻⁶)
                double q = Math.fma(q1, r6inv, -q2) * (r8inv * r2inv);                  // (φ'' − φ'/r)/r² = r⁻¹⁰ (14 lj1 r⁻⁶ − 8 lj2)
                int tl = 3 * (onAtoms ? at[l] : l);
                double ex0 = t[tl] - ax, ey0 = t[tl + 1] - ay, ez0 = t[tl + 2] - az;
                double dd = Math.fma(dz, ez0, Math.fma(dy, ey0, dx * ex0));
                double radial = Math.fma(q, dd, r8inv * Math.fma(-pA, r6inv, pB));
                if (row) {
                    rowE = Math.fma(r8inv * Math.fma(-e1, r6inv, e2), dd, rowE);      // (∂φ'/∂ε)/r (r·ṙ)
                    rowS = Math.fma(r8inv * Math.fma(-g1, r6inv, g2), dd, rowS);      // (∂φ'/∂σ)/r (r·ṙ)
                }
                double vx = Math.fma(radial, dx, g * ex0), vy = Math.fma(radial, dy, g * ey0), vz = Math.fma(radial, dz, g * ez0);
                fX[l] += vx;
                fY[l] += vy;
                fZ[l] += vz;
                sx -= vx;
                sy -= vy;
                sz -= vz;
            }
            fX[i] += sx;
            fY[i] += sy;
            fZ[i] += sz;
        }
        if (outP != null) {
            outP[0] += rowE;
            outP[1] += rowS;
        }
        return ex;
    }

    @Override
    public void hessianProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
        if (types != 1) {
            PairTangents.super.hessianProducts(atoms, nl, dX, dp, outX);
            return;
        }
        oneTypeProducts(atoms, nl, dX, dp, outX);
    }

    /**
     * One type, the products in the force loop's own form ({@link #oneType}: scalar coefficients, the list's extended
     * streams, no per-pair calls): per pair the block g I + q r rᵀ and the slopes of φ'/r in (ε, σ), for every tangent;
     * the same numbers as the shared pair walk ({@link #secondTerm}) at the cost of about one force evaluation.
     */
    private void oneTypeProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
        checkTypes(atoms);
        if (!nl.half()) throw new IllegalArgumentException("lj/cut: needs a half neighbour list");
        double c1 = lj1[0], c2 = lj2[0], eps = epsilon[0], sig = sigma[0];
        double s2 = sig * sig, s6 = s2 * s2 * s2, s12 = s6 * s6;
        double e1 = 48 * s12, e2 = 24 * s6, g1 = eps * 576 * s12 / sig, g2 = eps * 144 * s6 / sig;
        double rc2 = rc * rc;
        int tangents = dX.length;
        boolean slopes = dp != null;
        try (Extended ex = extended.take(atoms, nl)) {
            double[] x = ex.x, y = ex.y, z = ex.z;
            int[] nb = nl.ghosts().local();
            int[] offsets = nl.offsets();
            for (int i = 0, n = offsets.length - 1; i < n; i++) {
                double xi = x[i], yi = y[i], zi = z[i];
                for (int k = offsets[i], end = offsets[i + 1]; k < end; k++) {
                    int l = nb[k];
                    double dx = x[l] - xi, dy = y[l] - yi, dz = z[l] - zi;
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= rc2) continue;
                    double r2inv = 1.0 / r2, r6inv = r2inv * r2inv * r2inv, r8inv = r6inv * r2inv;
                    double g = r8inv * (c2 - c1 * r6inv);                               // φ'/r
                    double q = (r8inv * (13 * c1 * r6inv - 7 * c2) - g) * r2inv;        // (φ'' − φ'/r)/r²
                    double gEps = slopes ? -r8inv * (e1 * r6inv - e2) : 0;              // (∂φ'/∂ε)/r
                    double gSig = slopes ? -r8inv * (g1 * r6inv - g2) : 0;              // (∂φ'/∂σ)/r
                    for (int b = 0; b < tangents; b++) {
                        double[] t = dX[b], out = outX[b];
                        double ex0 = t[3 * l] - t[3 * i], ey0 = t[3 * l + 1] - t[3 * i + 1], ez0 = t[3 * l + 2] - t[3 * i + 2];
                        double dd = dx * ex0 + dy * ey0 + dz * ez0;
                        double radial = q * dd + (dp == null ? 0 : gEps * dp[b][0] + gSig * dp[b][1]);
                        PairSum.opposite(out, i, l, g * ex0 + radial * dx, g * ey0 + radial * dy, g * ez0 + radial * dz);
                    }
                }
            }
        }
    }

    @Override
    public void forceAndTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces) {
        if (types != 1) {
            PairTangents.super.forceAndTangents(atoms, nl, k, dT, dp, outT, forces);
            return;
        }
        if (k == 2) oneTypeTwoTangents(atoms, nl, dT, dp, outT, forces);
        else oneTypeTangents(atoms, nl, k, dT, dp, outT, forces);
    }

    /**
     * One type, the force and k interleaved tangents ({@link ForceTangents}) in one walk of the force loop's form: per pair
     * r⁻², r⁻⁶, r⁻⁸ once, then the force (in {@link #oneType}'s arithmetic and order, so the forces are that loop's to the
     * last bit), g = φ'/r, q = (φ'' − g)/r² and the slopes of φ'/r in (ε, σ) for every tangent; atom i's share of the
     * tangents summed in a row of 3k numbers and written once per row, each neighbour's at the atom behind it.
     */
    private void oneTypeTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces) {
        checkTypes(atoms);
        if (!nl.half()) throw new IllegalArgumentException("lj/cut: needs a half neighbour list");
        double c1 = lj1[0], c2 = lj2[0], eps = epsilon[0], sig = sigma[0];
        double s2 = sig * sig, s6 = s2 * s2 * s2, s12 = s6 * s6;
        double e1 = 48 * s12, e2 = 24 * s6, g1 = eps * 576 * s12 / sig, g2 = eps * 144 * s6 / sig;
        double rc2 = rc * rc;
        boolean force = forces != null, slopes = dp != null;
        int w = 3 * k;
        double[] pe = new double[k], ps = new double[k];             // ṗ_b's ε and σ entries
        for (int b = 0; slopes && b < k; b++) {
            pe[b] = dp[b][0];
            ps[b] = dp[b][1];
        }
        double[] own = new double[w], acc = new double[w];            // atom i's tangents and its share of the products
        try (Extended ex = extended.take(atoms, nl)) {
            double[] x = ex.x, y = ex.y, z = ex.z, fX = ex.fx, fY = ex.fy, fZ = ex.fz;
            int[] nb = nl.ghosts().local();
            int[] atom = atomOf(nl);
            int[] offsets = nl.offsets();
            for (int i = 0, n = offsets.length - 1; i < n; i++) {
                double xi = x[i], yi = y[i], zi = z[i];
                double fxi = 0, fyi = 0, fzi = 0;
                System.arraycopy(dT, w * i, own, 0, w);
                java.util.Arrays.fill(acc, 0);
                for (int j = offsets[i], end = offsets[i + 1]; j < end; j++) {
                    int l = nb[j];
                    double dx = x[l] - xi, dy = y[l] - yi, dz = z[l] - zi;
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= rc2) continue;
                    double r2inv = 1.0 / r2, r6inv = r2inv * r2inv * r2inv, r8inv = r6inv * r2inv;
                    double g = r8inv * (c2 - c1 * r6inv);                               // φ'/r
                    double q = (r8inv * (13 * c1 * r6inv - 7 * c2) - g) * r2inv;        // (φ'' − φ'/r)/r²
                    if (force) {                                                        // as the force loop's own arithmetic
                        double fOverR = r6inv * (c1 * r6inv - c2) * r2inv;
                        double fx = fOverR * dx, fy = fOverR * dy, fz = fOverR * dz;
                        fX[l] += fx;
                        fY[l] += fy;
                        fZ[l] += fz;
                        fxi -= fx;
                        fyi -= fy;
                        fzi -= fz;
                    }
                    double gEps = slopes ? -r8inv * (e1 * r6inv - e2) : 0;              // (∂φ'/∂ε)/r
                    double gSig = slopes ? -r8inv * (g1 * r6inv - g2) : 0;              // (∂φ'/∂σ)/r
                    for (int b = 0, o = 0, t = w * atom[l]; b < k; b++, o += 3, t += 3) {
                        double ex0 = dT[t] - own[o], ey0 = dT[t + 1] - own[o + 1], ez0 = dT[t + 2] - own[o + 2];
                        double radial = q * (dx * ex0 + dy * ey0 + dz * ez0) + gEps * pe[b] + gSig * ps[b];
                        double vx = g * ex0 + radial * dx, vy = g * ey0 + radial * dy, vz = g * ez0 + radial * dz;
                        outT[t] += vx;
                        outT[t + 1] += vy;
                        outT[t + 2] += vz;
                        acc[o] -= vx;
                        acc[o + 1] -= vy;
                        acc[o + 2] -= vz;
                    }
                }
                for (int o = 0, t = w * i; o < w; o++) outT[t + o] += acc[o];
                fX[i] += fxi;
                fY[i] += fyi;
                fZ[i] += fzi;
            }
            if (force) {
                double[] f = ex.forces();
                for (int c = 0; c < f.length; c++) forces[c] += f[c];
            }
        }
    }

    /** The atom behind each extended atom of the list [N + G]: itself, or a ghost's owner; built once per list (a trajectory's steps share one). */
    private int[] atomOf(NeighborList nl) {
        AtomMap last = atoms;
        if (last != null && last.nl() == nl) return last.atom();
        int n = nl.atoms(), ext = nl.ghosts().extended();
        int[] owner = nl.ghosts().owner(), atom = new int[ext];
        for (int l = 0; l < ext; l++) atom[l] = l < n ? l : owner[l - n];
        atoms = new AtomMap(nl, atom);
        return atom;
    }

    /**
     * {@link #oneTypeTangents} for k = 2 (forward mode in (ε, σ)), every per-atom and per-tangent number in a local variable.
     * Per pair the force in {@link #oneType}'s arithmetic and order (its forces to the last bit), g = φ'/r taken from it,
     * q = (φ'' − g)/r² = r⁻¹⁰(14 lj1 r⁻⁶ − 8 lj2), and each tangent's parameter term (∂φ'/∂ε ṗ_ε + ∂φ'/∂σ ṗ_σ)/r =
     * r⁻⁸(pB_b − pA_b r⁻⁶) from two constants per tangent, with fused multiply-adds: the numbers of the general walk to
     * rounding.
     */
    private void oneTypeTwoTangents(Atoms atoms, NeighborList nl, double[] dT, double[][] dp, double[] outT, double[] forces) {
        checkTypes(atoms);
        if (!nl.half()) throw new IllegalArgumentException("lj/cut: needs a half neighbour list");
        double c1 = lj1[0], c2 = lj2[0], eps = epsilon[0], sig = sigma[0];
        double s2 = sig * sig, s6 = s2 * s2 * s2, s12 = s6 * s6;
        double e1 = 48 * s12, e2 = 24 * s6, g1 = eps * 576 * s12 / sig, g2 = eps * 144 * s6 / sig;
        double rc2 = rc * rc;
        boolean force = forces != null;
        // the parameter term of tangent b, (∂φ'/∂ε ṗ_ε + ∂φ'/∂σ ṗ_σ)/r = r⁻⁸ (pB_b − pA_b r⁻⁶)
        double pA0 = 0, pB0 = 0, pA1 = 0, pB1 = 0;
        if (dp != null) {
            pA0 = e1 * dp[0][0] + g1 * dp[0][1];
            pB0 = e2 * dp[0][0] + g2 * dp[0][1];
            pA1 = e1 * dp[1][0] + g1 * dp[1][1];
            pB1 = e2 * dp[1][0] + g2 * dp[1][1];
        }
        double q1 = 14 * c1, q2 = 8 * c2;
        try (Extended ex = extended.take(atoms, nl)) {
            double[] x = ex.x, y = ex.y, z = ex.z, fX = ex.fx, fY = ex.fy, fZ = ex.fz;
            int[] nb = nl.ghosts().local();
            int[] atom = atomOf(nl);
            int[] offsets = nl.offsets();
            for (int i = 0, n = offsets.length - 1; i < n; i++) {
                double xi = x[i], yi = y[i], zi = z[i];
                double fxi = 0, fyi = 0, fzi = 0;
                int ti = 6 * i;
                double ax = dT[ti], ay = dT[ti + 1], az = dT[ti + 2], bx = dT[ti + 3], by = dT[ti + 4], bz = dT[ti + 5];   // atom i's tangents
                double sax = 0, say = 0, saz = 0, sbx = 0, sby = 0, sbz = 0;                                            // its shares
                for (int j = offsets[i], end = offsets[i + 1]; j < end; j++) {
                    int l = nb[j];
                    double dx = x[l] - xi, dy = y[l] - yi, dz = z[l] - zi;
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= rc2) continue;
                    double r2inv = 1.0 / r2, r6inv = r2inv * r2inv * r2inv, r8inv = r6inv * r2inv;
                    double fOverR = r6inv * (c1 * r6inv - c2) * r2inv;                  // as the force loop's own arithmetic
                    double g = -fOverR;                                                 // φ'/r
                    double q = Math.fma(q1, r6inv, -q2) * (r8inv * r2inv);              // (φ'' − φ'/r)/r²
                    if (force) {
                        double fx = fOverR * dx, fy = fOverR * dy, fz = fOverR * dz;
                        fX[l] += fx;
                        fY[l] += fy;
                        fZ[l] += fz;
                        fxi -= fx;
                        fyi -= fy;
                        fzi -= fz;
                    }
                    int t = 6 * atom[l];
                    double ex0 = dT[t] - ax, ey0 = dT[t + 1] - ay, ez0 = dT[t + 2] - az;
                    double radial = Math.fma(q, Math.fma(dz, ez0, Math.fma(dy, ey0, dx * ex0)), r8inv * Math.fma(-pA0, r6inv, pB0));
                    double vx = Math.fma(radial, dx, g * ex0), vy = Math.fma(radial, dy, g * ey0), vz = Math.fma(radial, dz, g * ez0);
                    outT[t] += vx;
                    outT[t + 1] += vy;
                    outT[t + 2] += vz;
                    sax -= vx;
                    say -= vy;
                    saz -= vz;
                    ex0 = dT[t + 3] - bx;
                    ey0 = dT[t + 4] - by;
                    ez0 = dT[t + 5] - bz;
                    radial = Math.fma(q, Math.fma(dz, ez0, Math.fma(dy, ey0, dx * ex0)), r8inv * Math.fma(-pA1, r6inv, pB1));
                    vx = Math.fma(radial, dx, g * ex0);
                    vy = Math.fma(radial, dy, g * ey0);
                    vz = Math.fma(radial, dz, g * ez0);
                    outT[t + 3] += vx;
                    outT[t + 4] += vy;
                    outT[t + 5] += vz;
                    sbx -= vx;
                    sby -= vy;
                    sbz -= vz;
                }
                outT[ti] += sax;
                outT[ti + 1] += say;
                outT[ti + 2] += saz;
                outT[ti + 3] += sbx;
                outT[ti + 4] += sby;
                outT[ti + 5] += sbz;
                fX[i] += fxi;
                fY[i] += fyi;
                fZ[i] += fzi;
            }
            if (force) {
                double[] f = ex.forces();
                for (int c = 0; c < f.length; c++) forces[c] += f[c];
            }
        }
    }

    /**
     * φ' = −r⁻⁷(lj1 r⁻⁶ − lj2), φ'' = r⁻⁸(13 lj1 r⁻⁶ − 7 lj2) (lj1 = 48εσ¹², lj2 = 24εσ⁶) over {@link PairSum#hessianProduct};
     * the parameter slopes ∂φ'/∂ε_ij = −r⁻⁷(48σ¹² r⁻⁶ − 24σ⁶), ∂φ'/∂σ_ij = −r⁻⁷ε(576σ¹¹ r⁻⁶ − 144σ⁵), taken to the
     * per-type values through the geometric mixing ε_ij = √(ε_i ε_j), σ_ij = √(σ_i σ_j).
     */
    @Override
    public PairSum.SecondTerm secondTerm(Atoms atoms) {
        checkTypes(atoms);
        return new PairSum.SecondTerm() {
            @Override public void curvature(double r, int p, double[] out) {
                double r2inv = 1 / (r * r), r6inv = r2inv * r2inv * r2inv;
                out[0] = -r6inv * (lj1[p] * r6inv - lj2[p]) / r;
                out[1] = r2inv * r6inv * (13 * lj1[p] * r6inv - 7 * lj2[p]);
            }

            @Override public int slopes(double r, int p, int[] index, double[] value) {
                double r2inv = 1 / (r * r), r6inv = r2inv * r2inv * r2inv;
                double s2 = sigma[p] * sigma[p], s6 = s2 * s2 * s2, s12 = s6 * s6;
                double dEps = -r6inv / r * (48 * s12 * r6inv - 24 * s6);
                double dSig = -r6inv / r * epsilon[p] * (576 * s12 * r6inv - 144 * s6) / sigma[p];
                int k = mixed(p / types, p % types, epsilon[p], epsilonPerType, dEps, 0, index, value, 0);
                return mixed(p / types, p % types, sigma[p], sigmaPerType, dSig, types, index, value, k);
            }
        };
    }

    /**
     * The slope w of a pair value v_ab = √(v_a v_b) carried to the per-type values stored at p[base + t]: w at a when
     * a = b, else w·v_ab/(2 v_a) at a and w·v_ab/(2 v_b) at b; written from position {@code at}, returns the next.
     */
    private static int mixed(int a, int b, double vab, double[] perType, double w, int base, int[] index, double[] value, int at) {
        if (a == b) {
            index[at] = base + a;
            value[at] = w;
            return at + 1;
        }
        index[at] = base + a;
        value[at] = 0.5 * w * vab / perType[a];
        index[at + 1] = base + b;
        value[at + 1] = 0.5 * w * vab / perType[b];
        return at + 2;
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        checkTypes(atoms);
        Params p = (Params) params;
        Space.Pairs pairs = Space.Pairs.of(o, nl);
        Var r2 = o.sum(o.square(Space.pairVectors(o, positions, cell, pairs)), 1);
        int[] ti = nl.pairI();
        int[] tj = nl.pairJ();
        int[] typePair = new int[ti.length];
        for (int k = 0; k < ti.length; k++) typePair[k] = atoms.type(ti[k]) * types + atoms.type(tj[k]);
        Var idx = o.constant(o.tensors().fromArray(typePair, typePair.length));
        Var eps = o.take(o.reshape(p.epsilon(), -1), idx, 0);
        Var sig = o.take(o.reshape(p.sigma(), -1), idx, 0);
        Var sr6 = o.pow(o.div(o.square(sig), r2), o.scalarLike(r2, 3));
        Var e = o.mul(o.mul(eps, o.scalarLike(r2, 4)), o.sub(o.square(sr6), sr6));
        if (shift) {
            Var src6 = o.pow(o.div(sig, o.scalarLike(sig, rc)), o.scalarLike(sig, 6));
            e = o.sub(e, o.mul(o.mul(eps, o.scalarLike(r2, 4)), o.sub(o.square(src6), src6)));
        }
        Var inside = o.lt(r2, o.scalarLike(r2, rc * rc));
        return o.sum(o.where(inside, e, o.zerosLike(e)));
    }

    @Override
    public Object parameters(Ops o) {
        return new Params(o.constant(o.tensors().fromArray(epsilon, types, types)), o.constant(o.tensors().fromArray(sigma, types, types)));
    }
}
