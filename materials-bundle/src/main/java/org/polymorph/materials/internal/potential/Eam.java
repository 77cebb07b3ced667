package org.polymorph.materials.internal.potential;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS {@code eam} (funcfl files, one per type) and {@code eam/alloy} (one setfl file): the
 * embedded-atom energy E = Σ_i F_i(ρ_i) + ½ Σ_{i≠j} φ_ij(r_ij), ρ_i = Σ_j ρ_j(r_ij), of Daw and
 * Baskes (PRB 29, 6443 (1984)), with r·φ tabulated as z2r (funcfl: z2r = 27.2·0.529·Z_i Z_j in
 * eV·Å, the constants hard-coded in pair_eam.cpp) and every table read through LAMMPS's own
 * resampling and cubic splines ({@link EamSpline}), so energies, forces and virials match LAMMPS
 * to rounding. Beyond the F table (ρ > ρmax) F continues linearly, as compute() does.
 * Parameters for fitting are the resampled grid values F [E, Nρ], ρ [E, Nr] and r·φ [E(E+1)/2, Nr].
 */
public final class Eam implements Potential {
    /** Grid tables as Vars: F(ρ) [E, nrho] (eV), ρ(r) [E, nr], r·φ(r) [E(E+1)/2, nr] (eV·Å, lower triangle). */
    public record Params(Var frho, Var rhor, Var z2r) { }

    private final String style;
    private final List<String> elements;
    private final double[] masses;
    private final int[] elementOfType;
    private final int nrho;
    private final int nr;
    private final double drho;
    private final double dr;
    private final double rhomax;
    private final double cut;
    private final double[][] frho;
    private final double[][] rhor;
    private final double[][] z2r;
    private final EamSpline[] frhoSpline;
    private final EamSpline[] rhorSpline;
    private final EamSpline[] z2rSpline;
    private final Extended.Pool extended = new Extended.Pool();

    private Eam(String style, List<String> elements, double[] masses, int[] elementOfType, int nrho, double drho, int nr, double dr,
                double rhomax, double cut, double[][] frho, double[][] rhor, double[][] z2r) {
        this.style = style;
        this.elements = List.copyOf(elements);
        this.masses = masses;
        this.elementOfType = elementOfType;
        this.nrho = nrho;
        this.drho = drho;
        this.nr = nr;
        this.dr = dr;
        this.rhomax = rhomax;
        this.cut = cut;
        this.frho = frho;
        this.rhor = rhor;
        this.z2r = z2r;
        frhoSpline = splines(frho, nrho, drho);
        rhorSpline = splines(rhor, nr, dr);
        z2rSpline = splines(z2r, nr, dr);
    }

    private static EamSpline[] splines(double[][] t, int n, double d) {
        EamSpline[] s = new EamSpline[t.length];
        for (int k = 0; k < t.length; k++) s[k] = new EamSpline(t[k], n, d);
        return s;
    }

    /** {@code pair_style eam; pair_coeff i i file_i}: one funcfl file per structure type, in type order. */
    public static Eam funcfl(Path... filePerType) {
        if (filePerType.length == 0) throw new IllegalArgumentException("eam: no funcfl file; give one file per type");
        EamFile.Funcfl[] f = new EamFile.Funcfl[filePerType.length];
        double dr = 0, drho = 0, rmax = 0, rhomax = 0, cut = 0;
        for (int i = 0; i < f.length; i++) {
            f[i] = EamFile.funcfl(filePerType[i]);
            dr = Math.max(dr, f[i].dr());
            drho = Math.max(drho, f[i].drho());
            rmax = Math.max(rmax, (f[i].nr() - 1) * f[i].dr());
            rhomax = Math.max(rhomax, (f[i].nrho() - 1) * f[i].drho());
            cut = Math.max(cut, f[i].cut());
        }
        int nr = (int) (rmax / dr + 0.5);        // file2array: "0.5 is for round-off in divide"
        int nrho = (int) (rhomax / drho + 0.5);
        int ne = f.length;
        double[][] frho = new double[ne][];
        double[][] rhor = new double[ne][];
        double[][] z2r = new double[ne * (ne + 1) / 2][];
        double[][] zr = new double[ne][];
        double[] masses = new double[ne];
        int[] map = new int[ne];
        String[] names = new String[ne];
        for (int i = 0; i < ne; i++) {
            frho[i] = EamSpline.regrid(f[i].frho(), f[i].nrho(), f[i].drho(), nrho, drho);
            rhor[i] = EamSpline.regrid(f[i].rhor(), f[i].nr(), f[i].dr(), nr, dr);
            zr[i] = EamSpline.regrid(f[i].zr(), f[i].nr(), f[i].dr(), nr, dr);
            masses[i] = f[i].mass();
            map[i] = i;
            names[i] = f[i].file();
        }
        for (int i = 0, n = 0; i < ne; i++) {
            for (int j = 0; j <= i; j++, n++) {
                z2r[n] = new double[nr + 1];
                for (int m = 1; m <= nr; m++) z2r[n][m] = 27.2 * 0.529 * zr[i][m] * zr[j][m];
            }
        }
        return new Eam("eam", List.of(names), masses, map, nrho, drho, nr, dr, rhomax, cut, frho, rhor, z2r);
    }

    /** {@code pair_style eam/alloy; pair_coeff * * file el_1 ... el_T}: the file's element for each structure type. */
    public static Eam setfl(Path file, String... elementPerType) {
        EamFile.Setfl s = EamFile.setfl(file);
        if (elementPerType.length == 0) throw new IllegalArgumentException("eam/alloy: no elements; give the element of each type, e.g. " + s.elements());
        int[] map = new int[elementPerType.length];
        for (int t = 0; t < map.length; t++) {
            map[t] = s.elements().indexOf(elementPerType[t]);
            if (map[t] < 0) {
                throw new IllegalArgumentException("eam/alloy: element \"" + elementPerType[t] + "\" of type " + t + " is not in " + file
                        + "; it has " + s.elements());
            }
        }
        return new Eam("eam/alloy", s.elements(), s.masses(), map, s.nrho(), s.drho(), s.nr(), s.dr(), (s.nrho() - 1) * s.drho(),
                s.cut(), s.frho(), s.rhor(), s.z2r());
    }

    @Override public String style() { return style; }
    @Override public double cutoff() { return cut; }
    @Override public boolean needsFullList() { return false; }

    /** The file's elements (setfl) or files (funcfl), and their masses (amu). */
    public List<String> elements() { return elements; }

    public double[] masses() { return masses.clone(); }

    private int z2rRow(int ea, int eb) {
        int hi = Math.max(ea, eb);
        return hi * (hi + 1) / 2 + Math.min(ea, eb);
    }

    private void check(Atoms atoms, NeighborList nl) {
        PairSum.checkTypes(style, atoms, elementOfType.length);
        PairSum.checkHalf(style, nl);
    }

    /** Interval m (1-based) of r on the r grid, as compute(). */
    private int rInterval(double r) { return Math.min((int) (r * (1.0 / dr) + 1.0), nr - 1); }

    private int rhoInterval(double rho) { return Math.max(1, Math.min((int) (rho * (1.0 / drho) + 1.0), nrho - 1)); }

    /**
     * LAMMPS's pair_eam compute over the list's ghost atoms: densities of the atoms and their ghosts
     * from each pair once, the ghosts' densities added to their owners', F'(ρ) copied back to the
     * ghosts, then the pair forces on the extended atoms, folded onto their owners; virial Σ x ⊗ f.
     */
    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        check(atoms, nl);
        int n = atoms.size();
        int[] local = nl.ghosts().local();
        int[] offsets = nl.offsets();
        double rc2 = cut * cut;
        double rdr = 1.0 / dr;
        try (Extended ex = extended.take(atoms, nl)) {
            int m = ex.size();
            double[] x = ex.x, y = ex.y, z = ex.z;
            int[] el = ex.types(atoms);   // element of each extended atom
            for (int l = 0; l < m; l++) el[l] = elementOfType[el[l]];
            double[] rho = new double[m];
            for (int i = 0; i < n; i++) {
                for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                    int l = local[k];
                    double dx = x[l] - x[i], dy = y[l] - y[i], dz = z[l] - z[i];
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= rc2) continue;
                    if (r2 == 0) throw PairSum.overlap(style, i, ex.atom(l));
                    double p = Math.sqrt(r2) * rdr + 1.0;
                    int mm = Math.min((int) p, nr - 1);
                    p = Math.min(p - mm, 1.0);
                    double fromL = rhorSpline[el[l]].value(mm, p);
                    rho[i] += fromL;
                    rho[l] += el[l] == el[i] ? fromL : rhorSpline[el[i]].value(mm, p);   // one element: the same function
                }
            }
            for (int l = n; l < m; l++) rho[ex.atom(l)] += rho[l];
            double[] fp = new double[m];
            double e = 0;
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(rho[i])) throw new IllegalStateException(style + ": density of atom " + i + " is " + rho[i] + "; check its position");
                double p = rho[i] * (1.0 / drho) + 1.0;
                int mm = rhoInterval(rho[i]);
                p = Math.min(p - mm, 1.0);
                EamSpline s = frhoSpline[el[i]];
                fp[i] = s.derivative(mm, p);
                double phi = s.value(mm, p);
                if (rho[i] > rhomax) phi += fp[i] * (rho[i] - rhomax);
                e += phi;
            }
            for (int l = n; l < m; l++) fp[l] = fp[ex.atom(l)];
            double[] fx = ex.fx, fy = ex.fy, fz = ex.fz;
            double pair = 0;
            for (int i = 0; i < n; i++) {
                int ei = el[i];
                double fxi = 0, fyi = 0, fzi = 0;
                for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                    int l = local[k];
                    double dx = x[l] - x[i], dy = y[l] - y[i], dz = z[l] - z[i];
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= rc2) continue;
                    double r = Math.sqrt(r2);
                    double p = r * rdr + 1.0;
                    int mm = Math.min((int) p, nr - 1);
                    p = Math.min(p - mm, 1.0);
                    int ej = el[l];
                    double rhoip = rhorSpline[ei].derivative(mm, p);
                    double rhojp = ej == ei ? rhoip : rhorSpline[ej].derivative(mm, p);
                    EamSpline zs = z2rSpline[z2rRow(ei, ej)];
                    double recip = 1.0 / r;
                    double phi = zs.value(mm, p) * recip;
                    double phip = zs.derivative(mm, p) * recip - phi * recip;
                    double fOverR = -(fp[i] * rhojp + fp[l] * rhoip + phip) * recip;   // force on l along r_il / r
                    pair += phi;
                    double gx = fOverR * dx, gy = fOverR * dy, gz = fOverR * dz;
                    fx[l] += gx;
                    fy[l] += gy;
                    fz[l] += gz;
                    fxi -= gx;
                    fyi -= gy;
                    fzi -= gz;
                }
                fx[i] += fxi;
                fy[i] += fyi;
                fz[i] += fzi;
            }
            e += pair;
            if (!Double.isFinite(e)) throw new IllegalStateException(style + ": energy is " + e + "; a pair at r = 0 (overlapping atoms)?");
            return new Evaluation(e, ex.forces(), ex.virial());
        }
    }

    private int elem(Atoms atoms, int i) { return elementOfType[atoms.type(i)]; }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        check(atoms, nl);
        Params prm = (Params) params;
        int n = atoms.size();
        int[] pi = nl.pairI();
        int[] pj = nl.pairJ();
        int np = pi.length;
        Var r = PairSum.distances(o, positions, cell, nl);
        double[] rv = o.tensors().toDoubleArray(r.value());
        int[] m = new int[np];
        int[] rowI = new int[np];
        int[] rowJ = new int[np];
        int[] rowZ = new int[np];
        double[] mv = new double[np];
        for (int k = 0; k < np; k++) {
            m[k] = rv[k] < cut ? rInterval(rv[k]) : 1;
            mv[k] = m[k];
            rowI[k] = elem(atoms, pi[k]);
            rowJ[k] = elem(atoms, pj[k]);
            rowZ[k] = z2rRow(rowI[k], rowJ[k]);
        }
        Var in = PairSum.inside(o, r, cut);
        Var rs = PairSum.safe(o, r, in, dr);
        Var p = o.minimum(o.sub(o.add(o.mul(rs, o.scalarLike(rs, 1.0 / dr)), o.scalarLike(rs, 1.0)), o.constant(mv, np)), o.scalarLike(rs, 1.0));
        Var zero = o.zerosLike(r);
        Var toI = o.where(in, EamSpline.eval(o, prm.rhor(), nr, p, rowJ, m, dr, false), zero);
        Var toJ = o.where(in, EamSpline.eval(o, prm.rhor(), nr, p, rowI, m, dr, false), zero);
        Var rho = o.add(o.segmentSum(toI, o.constant(o.tensors().fromArray(pi, np)), n), o.segmentSum(toJ, o.constant(o.tensors().fromArray(pj, np)), n));
        Var phi = o.where(in, o.div(EamSpline.eval(o, prm.z2r(), nr, p, rowZ, m, dr, false), rs), zero);
        return o.add(o.sum(phi), o.sum(embedding(o, prm.frho(), rho, atoms)));
    }

    /** F_i(ρ_i) [N], with the linear continuation above ρmax. */
    private Var embedding(Ops o, Var table, Var rho, Atoms atoms) {
        int n = atoms.size();
        double[] rhov = o.tensors().toDoubleArray(rho.value());
        int[] m = new int[n];
        int[] row = new int[n];
        double[] mv = new double[n];
        boolean above = false;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(rhov[i])) throw new IllegalStateException(style + ": density of atom " + i + " is " + rhov[i]);
            m[i] = rhoInterval(rhov[i]);
            mv[i] = m[i];
            row[i] = elem(atoms, i);
            above |= rhov[i] > rhomax;
        }
        Var p = o.minimum(o.sub(o.add(o.mul(rho, o.scalarLike(rho, 1.0 / drho)), o.scalarLike(rho, 1.0)), o.constant(mv, n)), o.scalarLike(rho, 1.0));
        Var f = EamSpline.eval(o, table, nrho, p, row, m, drho, false);
        if (!above) return f;

        Var slope = EamSpline.eval(o, table, nrho, p, row, m, drho, true);
        Var excess = o.maximum(o.sub(rho, o.scalarLike(rho, rhomax)), o.zerosLike(rho));
        return o.add(f, o.mul(slope, excess));
    }

    @Override
    public Object parameters(Ops o) {
        return new Params(o.constant(drop0(frho, nrho), frho.length, nrho), o.constant(drop0(rhor, nr), rhor.length, nr),
                o.constant(drop0(z2r, nr), z2r.length, nr));
    }

    /** Rows of 1-based tables [K][n+1] flattened without index 0 [K*n]. */
    private static double[] drop0(double[][] t, int n) {
        double[] out = new double[t.length * n];
        for (int k = 0; k < t.length; k++) System.arraycopy(t[k], 1, out, k * n, n);
        return out;
    }
}
