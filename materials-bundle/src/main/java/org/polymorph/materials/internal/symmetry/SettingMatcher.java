package org.polymorph.materials.internal.symmetry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.materials.space.Box;

/**
 * Identifies the space-group type of a set of operations given in a conventional basis: finds a
 * change of basis Q (integer, det 1, entries in {-1, 0, 1}) and an origin shift p under which the
 * operations, centrings included, become those of a type's standard Hall setting (Togo &amp; Tanaka,
 * arXiv 1808.01590, §3.5). The rotations and centrings must then be equal; the translations equal
 * modulo the centred lattice after the shift: w + (W - I)·p ≡ w_std.
 */
final class SettingMatcher {
    /**
     * @param setting the standard Hall setting matched
     * @param change  Q: columns are the standard basis vectors in the conventional basis given
     * @param origin  p: the standard origin in the standard basis (fractions)
     */
    record Match(HallSetting setting, int[] change, double[] origin) { }

    /** The candidate changes of basis, fewest non-zero entries first. */
    private static final List<int[]> CHANGES = changes();

    private final HallSettings settings;
    private final double tolerance;

    /** @param tolerance allowed mismatch of translations (fractions of the centred lattice's primitive cell) */
    SettingMatcher(HallSettings settings, double tolerance) {
        this.settings = settings;
        this.tolerance = tolerance;
    }

    /** The match of {@code operations} (conventional basis, centring translations included), or null. */
    Match match(List<Operation> operations, boolean triclinic) {
        for (int[] q : triclinic ? List.of(IntMatrix.IDENTITY) : CHANGES) {
            List<Operation> changed = changed(operations, q);
            if (changed == null) continue;
            for (HallSetting s : settings.withKey(HallSetting.key(changed))) {
                double[] p = origin(changed, s);
                if (p != null) return new Match(s, q, p);
            }
        }
        return null;
    }

    /**
     * Among the matches of the same setting under q·r, r a proper rotation of the standard cell's lattice (entries
     * in {-1, 0, 1}, metric kept), the one where the input's origin fits (no shift) and whose basis is nearest the
     * input's: spglib keeps a structure given in the standard setting as it is (P3 with an atom at (1/3, 2/3, z)
     * stays on 1b, diamond with an atom at the origin on 8a of Fd-3m), so the Wyckoff letters are its letters.
     *
     * @param toInput columns: the conventional basis vectors (of the operations given) in the input cell's basis
     * @param metric  the metric tensor of the found match's standard cell (Å², row-major)
     */
    Match nearestInput(List<Operation> operations, Match found, double[] toInput, double[] metric) {
        Match best = found;
        double bestScore = score(found, toInput);
        for (int[] r : CHANGES) {
            double[] rd = IntMatrix.toDouble(r);
            double[] g = Box.matmul(Box.matmul(IntMatrix.transpose(rd), metric), rd);
            boolean kept = true;
            for (int i = 0; i < 9 && kept; i++) kept = Math.abs(g[i] - metric[i]) <= 1e-6 * (metric[0] + metric[4] + metric[8]);
            if (!kept) continue;
            Match m = match(operations, IntMatrix.mul(found.change(), r), found.setting());
            if (m == null) continue;
            double sc = score(m, toInput);
            if (sc < bestScore - 1e-9) {
                best = m;
                bestScore = sc;
            }
        }
        return best;
    }

    /** 100 where the match needs an origin shift, plus the distance Σ|M - I| of its basis M (in the input basis) from the input's. */
    private double score(Match m, double[] toInput) {
        double[] basis = Box.matmul(toInput, IntMatrix.toDouble(m.change()));
        double d = shift(m.origin()) > 3 * tolerance ? 100 : 0;
        for (int i = 0; i < 9; i++) d += Math.abs(basis[i] - IntMatrix.toDouble(IntMatrix.IDENTITY)[i]);
        return d;
    }

    /** Size of an origin shift modulo lattice translations: the 1-norm of its centred fractions. */
    private static double shift(double[] p) {
        double[] centred = IntMatrix.wrapCentred(p);
        return Math.abs(centred[0]) + Math.abs(centred[1]) + Math.abs(centred[2]);
    }

    /** The match of {@code operations} to setting s under the change of basis q, or null. */
    Match match(List<Operation> operations, int[] q, HallSetting s) {
        List<Operation> changed = changed(operations, q);
        if (changed == null || !HallSetting.key(changed).equals(HallSetting.key(s.operations()))) return null;
        double[] p = origin(changed, s);
        return p == null ? null : new Match(s, q, p);
    }

    /** The 24 proper signed permutations of the axes. */
    static List<int[]> axisPermutations() {
        return CHANGES.stream().filter(q -> {
            int n = 0;
            for (int v : q) n += Math.abs(v);
            return n == 3;
        }).toList();
    }

    /**
     * The operations in the basis whose vectors are the columns of q (det 1), or null when a rotation there
     * is none of the rotations of the standard settings.
     */
    private List<Operation> changed(List<Operation> operations, int[] q) {
        int[] qInverse = IntMatrix.inverseUnimodular(q);
        double[] qInverseD = IntMatrix.toDouble(qInverse);
        Map<Integer, int[]> done = new HashMap<>();
        List<Operation> changed = new ArrayList<>(operations.size());
        for (Operation op : operations) {
            int[] w = done.computeIfAbsent(HallSetting.code(op.rotation()), k -> {
                int[] c = IntMatrix.mul(qInverse, IntMatrix.mul(op.rotation(), q));
                return settings.isStandardRotation(HallSetting.code(c)) ? c : null;
            });
            if (w == null) return null;
            changed.add(new Operation(w, IntMatrix.wrap(IntMatrix.apply(qInverseD, op.translation()))));
        }
        return changed;
    }

    /** The origin shift p taking {@code ops} to the setting's, or null when none exists within tolerance. */
    double[] origin(List<Operation> ops, HallSetting s) {
        double[] c = PrimitiveSearch.latticeBasis(s.centrings());
        double[] cInverse = Box.inverse(c);
        Map<String, Operation> mine = HallSetting.byRotation(ops);
        Map<String, Operation> theirs = s.byRotation();
        List<double[]> rows = new ArrayList<>();
        List<Double> rhs = new ArrayList<>();
        for (Map.Entry<String, Operation> e : theirs.entrySet()) {
            Operation m = mine.get(e.getKey());
            if (m == null) return null;
            int[] wp = IntMatrix.conjugate(m.rotation(), c, cInverse);
            if (wp == null) return null;
            double[] screw = PrimitiveSearch.sub(intrinsic(m), intrinsic(e.getValue()));
            double[] screwP = IntMatrix.wrapCentred(IntMatrix.apply(cInverse, screw));
            if (Math.abs(screwP[0]) + Math.abs(screwP[1]) + Math.abs(screwP[2]) > 3 * tolerance) return null;
            double[] b = IntMatrix.apply(cInverse, PrimitiveSearch.sub(e.getValue().translation(), m.translation()));
            for (int i = 0; i < 3; i++) {
                rows.add(new double[] {wp[3 * i] - (i == 0 ? 1 : 0), wp[3 * i + 1] - (i == 1 ? 1 : 0), wp[3 * i + 2] - (i == 2 ? 1 : 0)});
                rhs.add(b[i]);
            }
        }
        List<double[]> completed = new ArrayList<>();
        List<Double> completedRhs = new ArrayList<>();
        for (int r : independentRows(rows)) {
            completed.add(rows.get(r));
            completedRhs.add(rhs.get(r));
        }
        int equations = completed.size();
        for (int i = 0; i < 3; i++) {
            double[] unit = new double[3];
            unit[i] = 1;
            completed.add(unit);
            completedRhs.add(0.0);
        }
        // free directions of p (polar axes) are fixed by unit rows with zero right-hand side
        List<Integer> basis = independentRows(completed);
        double[] a = new double[9];
        double[] b = new double[3];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(completed.get(basis.get(r)), 0, a, 3 * r, 3);
            b[r] = completedRhs.get(basis.get(r));
        }
        if (equations == 0) return new double[3];
        int d = (int) Math.round(Math.abs(Box.det(a)));
        if (d == 0) return null;
        double[] aInverse = Box.inverse(a);
        java.util.Set<String> tried = new java.util.HashSet<>();
        double[] best = null;
        double bestShift = Double.MAX_VALUE;
        for (int n0 = 0; n0 < d; n0++) {
            for (int n1 = 0; n1 < d; n1++) {
                for (int n2 = 0; n2 < d; n2++) {
                    double[] pp = IntMatrix.wrap(IntMatrix.apply(aInverse, new double[] {b[0] + n0, b[1] + n1, b[2] + n2}));
                    // distinct shifts modulo the lattice: d of the d³ right-hand sides
                    if (!tried.add(Math.round(pp[0] * 4 * d) % (4L * d) + "," + Math.round(pp[1] * 4 * d) % (4L * d) + "," + Math.round(pp[2] * 4 * d) % (4L * d))) continue;
                    if (!satisfies(rows, rhs, pp)) continue;
                    // the shifts that fit differ by translations of the group's affine normaliser (Fm-3m: 0 and
                    // (1/2, 1/2, 1/2)), which swap Wyckoff positions such as 4a and 4b; spglib keeps the origin
                    // of the input where it fits, so the shift nearest zero (fractions, 1-norm) is taken
                    double[] refinedShift = refined(rows, rhs, pp);
                    double size = shift(refinedShift);
                    if (size < bestShift - 1e-6) {
                        best = refinedShift;
                        bestShift = size;
                    }
                }
            }
        }
        return best == null ? null : IntMatrix.apply(c, best);
    }

    /**
     * Σ_{k<n} W^k·w for an operation of order n: the translation of its n-th power, which no change of origin
     * alters (n times the screw or glide component).
     */
    private static double[] intrinsic(Operation op) {
        double[] sum = new double[3];
        double[] v = op.translation().clone();
        int[] power = IntMatrix.IDENTITY;
        for (int k = 0; k < 6; k++) {
            for (int i = 0; i < 3; i++) sum[i] += v[i];
            power = IntMatrix.mul(power, op.rotation());
            if (java.util.Arrays.equals(power, IntMatrix.IDENTITY)) return sum;
            v = IntMatrix.apply(op.rotation(), v);
        }
        throw new IllegalStateException("rotation of order above 6");
    }

    /**
     * The least-squares p of all equations row·p = rhs + n with the integers n that {@code p0} satisfies,
     * so that the noise of single translations averages out; directions no equation fixes stay at p0.
     */
    private static double[] refined(List<double[]> rows, List<Double> rhs, double[] p0) {
        double eps = 1e-9;
        double[] normal = {eps, 0, 0, 0, eps, 0, 0, 0, eps};
        double[] right = {eps * p0[0], eps * p0[1], eps * p0[2]};
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            double v = row[0] * p0[0] + row[1] * p0[1] + row[2] * p0[2] - rhs.get(r);
            double target = rhs.get(r) + Math.rint(v);
            for (int i = 0; i < 3; i++) {
                right[i] += row[i] * target;
                for (int j = 0; j < 3; j++) normal[3 * i + j] += row[i] * row[j];
            }
        }
        return IntMatrix.apply(Box.inverse(normal), right);
    }

    private boolean satisfies(List<double[]> rows, List<Double> rhs, double[] p) {
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            double v = row[0] * p[0] + row[1] * p[1] + row[2] * p[2] - rhs.get(r);
            if (Math.abs(v - Math.rint(v)) > tolerance) return false;
        }
        return true;
    }

    /** Indices of rows forming a maximal independent set, greedily in order. */
    private static List<Integer> independentRows(List<double[]> rows) {
        List<double[]> basis = new ArrayList<>();
        List<Integer> chosen = new ArrayList<>();
        for (int r = 0; r < rows.size() && chosen.size() < 3; r++) {
            double[] v = rows.get(r).clone();
            for (double[] e : basis) {
                double dot = Delaunay.dot(v, e);
                for (int i = 0; i < 3; i++) v[i] -= dot * e[i];
            }
            double norm = Math.sqrt(Delaunay.dot(v, v));
            if (norm > 1e-6) {
                for (int i = 0; i < 3; i++) v[i] /= norm;
                basis.add(v);
                chosen.add(r);
            }
        }
        return chosen;
    }

    private static List<int[]> changes() {
        List<int[]> out = new ArrayList<>();
        int[] w = new int[9];
        for (int code = 0; code < 19683; code++) {
            int x = code;
            for (int i = 0; i < 9; i++) {
                w[i] = x % 3 - 1;
                x /= 3;
            }
            if (IntMatrix.det(w) == 1) out.add(w.clone());
        }
        out.sort(Comparator.comparingInt((int[] q) -> {
            int n = java.util.Arrays.equals(q, IntMatrix.IDENTITY) ? 0 : 100;
            for (int v : q) n += Math.abs(v);
            return n;
        }));
        return List.copyOf(out);
    }
}
