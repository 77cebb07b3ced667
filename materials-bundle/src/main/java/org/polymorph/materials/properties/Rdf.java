package org.polymorph.materials.properties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;

/**
 * Radial distribution functions of periodic structures. g(r) counts neighbours in shells [r, r+dr)
 * (all periodic images) and divides by the ideal-gas count: g(r) = n(r) / (N ρ 4π/3 ((r+dr)³ − r³))
 * with n(r) the number of ordered pairs and ρ = N/V; partial g_ab divides the a→b count by N_a ρ_b.
 * The coordination number is the running integral ρ ∫ 4πr² g dr = n(&lt;r)/N. {@link #smooth} is the
 * Gaussian-smeared g(r) in Var ops of positions and cell, for fitting.
 */
public final class Rdf {
    private Rdf() { }

    /** Bin centres [K] (Å), total g [K], partials by "A-B" type names, and coordination at the bin's upper edge [K]. */
    public record Result(double[] r, double[] g, Map<String, double[]> partial, double[] coordination) { }

    /** g(r) of one structure on {@code bins} bins in [0, rMax). */
    public static Result compute(Atoms atoms, double rMax, int bins) { return average(List.of(atoms), rMax, bins); }

    /** g(r) averaged over frames (structures with the same atoms). */
    public static Result average(List<Atoms> frames, double rMax, int bins) { return average(frames, rMax, bins, () -> { }); }

    /**
     * The same; {@code beforeFrame} runs before each frame (a cancellation check: it may throw to stop).
     *
     * @since 1.1.0
     */
    public static Result average(List<Atoms> frames, double rMax, int bins, Runnable beforeFrame) {
        if (!(rMax > 0) || bins < 1) throw new IllegalArgumentException("rdf: rMax = " + rMax + ", bins = " + bins + "; give rMax > 0 and bins >= 1");
        if (frames.isEmpty()) throw new IllegalArgumentException("rdf: no frames; give at least one structure");
        Atoms first = frames.get(0);
        int nt = first.typeNames().size();
        int n = first.size();
        int[] count = new int[nt];
        for (int t : first.types()) count[t]++;
        double dr = rMax / bins;
        double[][] hist = new double[nt * nt][bins];
        double vol = 0;
        NeighborListBuilder builder = new NeighborListBuilder(rMax, 0, true);
        for (Atoms a : frames) {
            beforeFrame.run();
            if (a.size() != n) throw new IllegalArgumentException("rdf: frame with " + a.size() + " atoms; every frame needs " + n);
            if (!a.box().anyPeriodic()) throw new IllegalArgumentException("rdf: a free cluster has no density; give periodic frames");
            vol += a.box().volume();
            NeighborList nl = builder.build(a);
            double[] r = a.positions();
            double[] h = a.box().h();
            int[] nb = nl.neighbors();
            int[] s = nl.shifts();
            for (int i = 0; i < n; i++) {
                for (int k = nl.start(i); k < nl.end(i); k++) {
                    int j = nb[k];
                    double d2 = 0;
                    for (int x = 0; x < 3; x++) {
                        double d = r[3 * j + x] - r[3 * i + x] + s[3 * k] * h[x] + s[3 * k + 1] * h[3 + x] + s[3 * k + 2] * h[6 + x];
                        d2 += d * d;
                    }
                    int bin = (int) (Math.sqrt(d2) / dr);
                    if (bin >= bins) continue;
                    hist[a.type(i) * nt + a.type(j)][bin] += 1;
                    hist[a.type(j) * nt + a.type(i)][bin] += 1;
                }
            }
        }
        int f = frames.size();
        double rho = n / (vol / f);
        double[] rc = new double[bins];
        double[] g = new double[bins];
        double[] cn = new double[bins];
        double run = 0;
        Map<String, double[]> partial = new LinkedHashMap<>();
        for (int p = 0; p < nt * nt; p++) partial.put(first.typeNames().get(p / nt) + "-" + first.typeNames().get(p % nt), new double[bins]);
        for (int b = 0; b < bins; b++) {
            rc[b] = (b + 0.5) * dr;
            double shell = 4 * Math.PI / 3 * (Math.pow((b + 1) * dr, 3) - Math.pow(b * dr, 3));
            double tot = 0;
            for (int p = 0; p < nt * nt; p++) {
                tot += hist[p][b];
                int ta = p / nt;
                int tb = p % nt;
                double ideal = f * count[ta] * (rho * count[tb] / n) * shell;
                partial.get(first.typeNames().get(ta) + "-" + first.typeNames().get(tb))[b] = ideal > 0 ? hist[p][b] / ideal : 0;
            }
            // each pair was added in both directions for a→b and b→a: tot counts ordered pairs
            g[b] = tot / (f * n * rho * shell);
            run += tot / (f * n);
            cn[b] = run;
        }
        return new Result(rc, g, partial, cn);
    }

    /**
     * Smooth total g(r_k) = Σ_pairs 2 G_s(r_k − r_ij) / (N ρ 4π r_k²) with a normalised Gaussian G_s of
     * width {@code width} (Å) [K], as Var ops of positions [N, 3] and cell [3, 3] (ρ = N/det h);
     * {@code nl} must be a half list whose cutoff reaches max r + 4·width; {@code r} must be &gt; 0.
     */
    public static Var smooth(Ops o, Var positions, Var cell, NeighborList nl, double[] r, double width) {
        return smooth(o, positions, cell, null, -1, -1, nl, r, width);
    }

    /**
     * Smooth partial g_ab(r_k) = Σ_{i∈a, j∈b} G_s(r_k − r_ij) / (N_a ρ_b 4π r_k²) for type indices a, b of
     * {@code atoms} (the total when a = b = −1 and atoms may be null); otherwise as {@link #smooth}.
     */
    public static Var smooth(Ops o, Var positions, Var cell, Atoms atoms, int typeA, int typeB, NeighborList nl, double[] r, double width) {
        if (!nl.half()) throw new IllegalArgumentException("rdf.smooth: needs a half neighbour list; build one with half = true");
        if (!(width > 0)) throw new IllegalArgumentException("rdf.smooth: width = " + width + "; give width > 0 (Å)");
        for (double x : r) if (!(x > 0)) throw new IllegalArgumentException("rdf.smooth: r = " + x + "; give r > 0");
        boolean total = typeA < 0 && typeB < 0;
        if (!total && (atoms == null || typeA < 0 || typeB < 0 || typeA >= atoms.typeNames().size() || typeB >= atoms.typeNames().size())) {
            throw new IllegalArgumentException("rdf.smooth: types " + typeA + ", " + typeB + "; give both as indices into the structure's types, or -1, -1 for the total");
        }
        int n = nl.atoms();
        int[] pi = nl.pairI();
        int[] pj = nl.pairJ();
        double[] w = new double[pi.length];                       // ordered a→b pairs per list entry
        double na = n;
        double nb = n;
        if (total) {
            java.util.Arrays.fill(w, 2);
        } else {
            na = 0;
            nb = 0;
            for (int t : atoms.types()) {
                if (t == typeA) na++;
                if (t == typeB) nb++;
            }
            for (int k = 0; k < w.length; k++) {
                int ti = atoms.type(pi[k]);
                int tj = atoms.type(pj[k]);
                w[k] = (ti == typeA && tj == typeB ? 1 : 0) + (ti == typeB && tj == typeA ? 1 : 0);
            }
        }
        var pairs = org.polymorph.materials.space.Space.Pairs.of(o, nl);
        Var d = org.polymorph.materials.space.Space.distances(o, org.polymorph.materials.space.Space.pairVectors(o, positions, cell, pairs));
        Var grid = o.constant(r, 1, r.length);
        Var diff = o.sub(o.reshape(d, pairs.count(), 1), grid);                                          // [P, K]
        Var gauss = o.exp(o.mul(o.square(diff), o.scalarLike(diff, -0.5 / (width * width))));
        Var weighted = o.mul(gauss, o.constant(w, pairs.count(), 1));
        Var counts = o.mul(o.sum(weighted, 0), o.scalarLike(d, 1 / (Math.sqrt(2 * Math.PI) * width)));   // [K] ordered pairs per Å
        double[] shell = new double[r.length];
        for (int k = 0; k < r.length; k++) shell[k] = 4 * Math.PI * r[k] * r[k] * na * nb;              // N_a ρ_b 4πr² · V
        return o.div(o.mul(counts, o.det(cell)), o.constant(shell, r.length));
    }
}
