package org.polymorph.materials.properties;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * Harmonic phonons by autodiff force constants on a periodic supercell. The rows of the force
 * constants Φ = ∂²E/∂R∂R (eV/Å²) belonging to one image of each unit-cell atom κ are one forward
 * Jacobian of the gradient; the dynamical matrix is
 * D_κα,κ'β(q) = Σ_{j∈κ'} Φ_κα,jβ ⟨exp(i q·(r_j + S·h − r_κ))⟩_S / √(m_κ m_κ'), with S the shortest
 * supercell image (ties averaged, as phonopy). D = A + iB is diagonalised as the real symmetric
 * [[A, −B], [B, A]], whose eigenvalues are D's, each twice. ν = sign(λ)√|λ|·15.633302 THz (λ in
 * eV/(Å²·amu)); a negative ν is an imaginary mode. Everything is a Var of the parameters up to the eigenvalues.
 */
public final class Phonons {
    private final Ops o;
    private final PhononLattice lattice;
    private final Var rows;          // [3nb, 3N]
    private final double[] unitCell; // h of the unit cell

    private Phonons(Ops o, PhononLattice lattice, Var rows, double[] unitCell) {
        this.o = o;
        this.lattice = lattice;
        this.rows = rows;
        this.unitCell = unitCell;
    }

    /** Phonons at the potential's current parameters; {@code supercell} from {@link #supercell} or any commensurate cell. */
    public static Phonons compute(AD ad, Potential p, Atoms unitCell, Atoms supercell) {
        return compute(ad, p, p.parameters(ad.ops()), unitCell, supercell);
    }

    /** Phonons differentiable in {@code params}. */
    public static Phonons compute(AD ad, Potential p, Object params, Atoms unitCell, Atoms supercell) {
        Ops o = ad.ops();
        PhononLattice lat = new PhononLattice(unitCell, supercell);
        NeighborList nl = new NeighborListBuilder(p.cutoff(), 0, !p.needsFullList()).build(supercell);
        int n = supercell.size();
        int nb3 = 3 * lat.basis;
        double[] emb = new double[3 * n * nb3];                    // u [3nb] → displacement of the home atoms [3N]
        for (int k = 0; k < lat.basis; k++) for (int a = 0; a < 3; a++) emb[(3 * lat.home[k] + a) * nb3 + 3 * k + a] = 1;
        Var embed = o.constant(emb, 3 * n, nb3);
        Var r0 = Statics.positions(o, supercell);
        Var h = Statics.cell(o, supercell);
        Var jac = ad.jacobianFwd((Var u) -> {
            Var r = o.add(r0, o.reshape(o.matmul(embed, u), n, 3));
            return o.reshape(ad.grad((Var x) -> p.energy(o, x, h, params, supercell, nl), r), 3 * n);
        }, o.constant(new double[nb3], nb3));
        return new Phonons(o, lat, o.transpose(jac, 1, 0), unitCell.box().h());
    }

    /** The full position Hessian ∂²E/∂R∂R [3N, 3N] (eV/Å²) of any structure: the force constants. */
    public static Var hessian(AD ad, Potential p, Object params, Atoms atoms, NeighborList nl) {
        Ops o = ad.ops();
        Var h = Statics.cell(o, atoms);
        int n3 = 3 * atoms.size();
        return o.reshape(ad.hessian((Var r) -> p.energy(o, r, h, params, atoms, nl), Statics.positions(o, atoms)), n3, n3);
    }

    /** {@code unitCell} repeated na×nb×nc times along its lattice vectors (cell-major, then basis order). */
    public static Atoms supercell(Atoms unitCell, int na, int nb, int nc) {
        if (na < 1 || nb < 1 || nc < 1) throw new IllegalArgumentException("supercell: repeats " + na + "x" + nb + "x" + nc + "; give counts >= 1");
        double[] h = unitCell.box().h();
        double[] r = unitCell.positions();
        int m = unitCell.size();
        double[] out = new double[3 * m * na * nb * nc];
        int[] types = new int[m * na * nb * nc];
        int k = 0;
        for (int c = 0; c < nc; c++) {
            for (int b = 0; b < nb; b++) {
                for (int a = 0; a < na; a++) {
                    for (int i = 0; i < m; i++) {
                        for (int x = 0; x < 3; x++) out[3 * k + x] = r[3 * i + x] + a * h[x] + b * h[3 + x] + c * h[6 + x];
                        types[k++] = unitCell.type(i);
                    }
                }
            }
        }
        double[] hs = {na * h[0], na * h[1], na * h[2], nb * h[3], nb * h[4], nb * h[5], nc * h[6], nc * h[7], nc * h[8]};
        return new Atoms(out, types, unitCell.typeNames(), unitCell.masses(), Box.periodic(hs));
    }

    /** Force-constant rows Φ_κα,jβ [3nb, 3N] (eV/Å²) of the home image of each unit-cell atom. */
    public Var forceConstantRows() { return rows; }

    /** Number of bands, 3 × unit-cell atoms. */
    public int bands() { return 3 * lattice.basis; }

    /** Cartesian q (1/Å, with the 2π) of fractional {@code qFrac} in the reciprocal basis of {@code cell} (rows: lattice vectors). */
    public static double[] cartesian(double[] qFrac, double[] cell) {
        double[] inv = Box.inverse(cell);
        double[] q = new double[3];
        for (int a = 0; a < 3; a++) for (int j = 0; j < 3; j++) q[a] += 2 * Math.PI * inv[3 * a + j] * qFrac[j];
        return q;
    }

    /** The real embedding [[A, −B], [B, A]] [6nb, 6nb] of D(q) = A + iB at Cartesian q (1/Å), eV/(Å²·amu). */
    public Var dynamicalMatrix(double[] qCart) {
        int nb3 = bands();
        Var[] re = new Var[lattice.basis];
        Var[] im = new Var[lattice.basis];
        for (int k = 0; k < lattice.basis; k++) {
            Var block = o.sliceAxis(rows, 0, 3 * k, 3 * k + 3);
            re[k] = o.matmul(block, o.constant(lattice.phases(k, qCart, false), 3 * lattice.atoms, nb3));
            im[k] = o.matmul(block, o.constant(lattice.phases(k, qCart, true), 3 * lattice.atoms, nb3));
        }
        Var a = o.concat(0, re);
        Var b = o.concat(0, im);
        a = o.mul(o.add(a, o.transpose(a, 1, 0)), o.scalarLike(a, 0.5));     // Hermitian part
        b = o.mul(o.sub(b, o.transpose(b, 1, 0)), o.scalarLike(b, 0.5));
        return o.concat(0, o.concat(1, a, o.neg(b)), o.concat(1, b, a));
    }

    /** Eigenvalues λ [3nb] ascending (eV/(Å²·amu)) at fractional q of the reciprocal basis of {@code qCell}. */
    public Var eigenvalues(double[] qFrac, double[] qCell) {
        Var w = o.eigh(dynamicalMatrix(cartesian(qFrac, qCell)))[0];
        int[] even = new int[bands()];
        for (int k = 0; k < even.length; k++) even[k] = 2 * k;
        return o.take(w, o.constant(o.tensors().fromArray(even, even.length)), 0);
    }

    /** Frequencies ν (THz) ascending at fractional q of the unit cell's reciprocal basis. */
    public double[] frequencies(double[] qFrac) { return frequencies(qFrac, unitCell); }

    /** Frequencies ν (THz) ascending at fractional q of the reciprocal basis of {@code qCell}. */
    public double[] frequencies(double[] qFrac, double[] qCell) {
        double[] lam = o.tensors().toDoubleArray(eigenvalues(qFrac, qCell).value());
        double[] nu = new double[lam.length];
        for (int k = 0; k < lam.length; k++) {
            if (Double.isNaN(lam[k])) throw new ArithmeticException("phonons: NaN eigenvalue " + k + " at q " + java.util.Arrays.toString(qFrac));
            nu[k] = Math.signum(lam[k]) * Math.sqrt(Math.abs(lam[k])) * Units.THZ_PER_SQRT_EV_A2_AMU;
        }
        return nu;
    }

    /** Frequencies along a band path of fractional q-points of {@code qCell}'s reciprocal basis. */
    public Dispersion dispersion(BandPath path, double[] qCell) {
        List<Double> dist = new ArrayList<>();
        List<double[]> freq = new ArrayList<>();
        double[] ticks = new double[path.labels().size()];
        double s = 0;
        double[] prev = null;
        for (int seg = 0; seg + 1 < path.points().size(); seg++) {
            double[] q0 = path.points().get(seg);
            double[] q1 = path.points().get(seg + 1);
            ticks[seg] = s;
            for (int t = seg == 0 ? 0 : 1; t <= path.pointsPerSegment(); t++) {
                double u = (double) t / path.pointsPerSegment();
                double[] q = {q0[0] + u * (q1[0] - q0[0]), q0[1] + u * (q1[1] - q0[1]), q0[2] + u * (q1[2] - q0[2])};
                double[] qc = cartesian(q, qCell);
                if (prev != null) s += Math.sqrt(sq(qc[0] - prev[0]) + sq(qc[1] - prev[1]) + sq(qc[2] - prev[2]));
                prev = qc;
                dist.add(s);
                freq.add(frequencies(q, qCell));
            }
        }
        ticks[ticks.length - 1] = s;
        double[] d = new double[dist.size()];
        for (int k = 0; k < d.length; k++) d[k] = dist.get(k);
        return new Dispersion(d, freq.toArray(new double[0][]), path.labels(), ticks);
    }

    private static double sq(double x) { return x * x; }
}
