package org.polymorph.materials.patchy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The exact classical association constant of one cluster species by Monte Carlo quadrature, next to the harmonic
 * one of {@link EquilibriumYields}. For a species of n bodies of types t_i and the {@link BondRule} the MD cluster
 * analysis uses,
 * K = [cluster]/Π[monomer] = (1/Π_t n_t!) ∫ Π_{i≥1} d^d r_i E_{uniform orientations}[e^{−βU} · 1(the n bodies form one
 * bonded cluster that matches the target)], body 0 at the origin with the identity orientation (translation and
 * rotation invariance), in length^{d(n−1)}; n_t the bodies of type t in the species (labelled bodies, so the symmetry
 * number is implicit).
 *
 * <p>Importance sampling with a proposal q that covers every bonded configuration: the cluster grows from body 0; at
 * each step a child is drawn uniformly among the unplaced bodies that share a bondable patch pair with a placed one,
 * its parent uniformly among those placed bodies, a bondable pair (child patch a, parent patch b) uniformly, a ball
 * radius R = r_ab·2^{−k} with k uniform in 0..{@link #LEVELS}−1 (r_ab the largest distance the rule bonds; the smaller
 * balls sample narrow Morse wells), the child's orientation uniformly and its patch a uniformly in the ball of radius
 * R around patch b. q(x) sums this over every generation order and parent choice that reaches x (a dynamic programme
 * over the placed subsets), so it is exact at any configuration; the estimator is the mean of e^{−βU}·1(..)/q over
 * the draws, its standard error from their variance. Deterministic from the seed (independent streams per chunk of
 * {@link #CHUNK} draws, summed in order; chunks run in parallel).
 */
public final class ClusterIntegral {
    /** Ball radii per bondable patch pair: r_ab·2^{−k}, k = 0..LEVELS−1, equal weights. */
    public static final int LEVELS = 6;
    /** Draws per random stream. */
    private static final int CHUNK = 2048;
    /** Grid points on which the bond rule is scanned for its largest bonded distance. */
    private static final int SCAN = 20000;
    private final PatchyModel model;
    private final double[][][] patches;
    private final ToDoubleFunction<Configuration> reducedEnergy;
    private final BondRule rule;
    private final double[][] bondDistance;

    /** log K (length^{d(n−1)}) with its standard error, from {@code samples} draws of which {@code bonded} formed the cluster. */
    public record Estimate(double logK, double error, long samples, long bonded) { }

    /**
     * @param patches       body-frame patch positions per type [t][m][d] (length)
     * @param reducedEnergy βU of a configuration of bodies in open space (kT units)
     * @param rule          when two patches are bonded; it must bond no pair beyond {@code reach}
     * @param reach         a length beyond which no patch pair is bonded (the Morse cut-off range)
     */
    public ClusterIntegral(PatchyModel model, double[][][] patches, ToDoubleFunction<Configuration> reducedEnergy, BondRule rule, double reach) {
        if (!(reach > 0) || Double.isInfinite(reach)) throw new IllegalArgumentException("bond reach " + reach + "; give a finite positive length");
        this.model = model;
        this.patches = patches;
        this.reducedEnergy = reducedEnergy;
        this.rule = rule;
        int s = model.patchSpecies();
        bondDistance = new double[s][s];
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                for (int k = SCAN; k >= 1; k--) {
                    double r = reach * k / SCAN;
                    if (rule.bonded(a, b, r)) {
                        bondDistance[a][b] = Math.min(reach, r + reach / SCAN);
                        break;
                    }
                }
            }
        }
    }

    /** The largest patch distance (length) at which species a and b bond, 0 when they never do. */
    public double bondDistance(int a, int b) { return bondDistance[a][b]; }

    /**
     * log K of the cluster of bodies {@code types} [n ≥ 2] from {@code samples} draws; with a {@code target} (or null)
     * the configuration must also match it, as the MD cluster analysis identifies species of one composition.
     */
    public Estimate estimate(int[] types, TargetStructure target, long samples, long seed) {
        int n = types.length;
        if (n < 2 || n > 12) throw new IllegalArgumentException("cluster of " + n + " bodies; give 2..12");
        if (samples < 2) throw new IllegalArgumentException("samples " + samples + "; give at least 2");
        Pairs pairs = new Pairs(types);
        int chunks = (int) ((samples + CHUNK - 1) / CHUNK);
        double[][] sums = IntStream.range(0, chunks).parallel().mapToObj(c -> {
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + c);
            long draws = Math.min(CHUNK, samples - (long) c * CHUNK);
            double[] acc = new double[3];
            for (long k = 0; k < draws; k++) {
                double w = draw(types, target, pairs, rng);
                acc[0] += w;
                acc[1] += w * w;
                if (w > 0) acc[2]++;
            }
            return acc;
        }).toArray(double[][]::new);
        double sum = 0, sq = 0, hits = 0;
        for (double[] a : sums) {
            sum += a[0];
            sq += a[1];
            hits += a[2];
        }
        if (!(sum > 0)) throw new ArithmeticException("no draw of " + samples + " formed the cluster; give more samples");
        double mean = sum / samples, var = Math.max(0, sq / samples - mean * mean);
        double logK = Math.log(mean) - logPermutations(types);
        return new Estimate(logK, Math.sqrt(var / (samples - 1)) / mean, samples, (long) hits);
    }

    /** log Π_t n_t! for the bodies {@code types}. */
    private static double logPermutations(int[] types) {
        double s = 0;
        int top = 0;
        for (int t : types) top = Math.max(top, t);
        for (int t = 0; t <= top; t++) {
            int c = 0;
            for (int v : types) if (v == t) c++;
            for (int k = 2; k <= c; k++) s += Math.log(k);
        }
        return s;
    }

    /** One draw: e^{−βU}·1(cluster)/q, or 0. */
    private double draw(int[] types, TargetStructure target, Pairs pairs, SplittableRandom rng) {
        int n = types.length, d = model.dimension();
        double[][] centres = new double[n][d], rotations = new double[n][];
        rotations[0] = identity(d);
        int placed = 1;
        for (int step = 1; step < n; step++) {
            int[] children = eligibleChildren(placed, n, pairs);
            if (children.length == 0) return 0;
            int child = children[rng.nextInt(children.length)];
            int[] parents = eligibleParents(child, placed, n, pairs);
            int parent = parents[rng.nextInt(parents.length)];
            int[] ab = pairs.list[child][parent].get(rng.nextInt(pairs.list[child][parent].size()));
            double radius = bondDistance[species(types[child], ab[0])][species(types[parent], ab[1])] * Math.pow(2, -rng.nextInt(LEVELS));
            double[] rot = randomRotation(d, rng);
            double[] target0 = world(centres[parent], rotations[parent], patches[types[parent]][ab[1]]);
            double[] u = inBall(d, radius, rng);
            double[] offset = world(new double[d], rot, patches[types[child]][ab[0]]);
            for (int a = 0; a < d; a++) centres[child][a] = target0[a] + u[a] - offset[a];
            rotations[child] = rot;
            placed |= 1 << child;
        }
        Configuration c = new Configuration(types, centres, rotations, null);
        ClusterAnalysis ca = ClusterAnalysis.of(model, patches, c, rule);
        if (ca.clusters().size() != 1 || (target != null && ca.matches(target).isEmpty())) return 0;
        double q = density(types, c, pairs);
        return Math.exp(-reducedEnergy.applyAsDouble(c)) / q;
    }

    /** q(x): the sum over generation orders and parents, by a dynamic programme over the placed subsets (bit 0 always set). */
    private double density(int[] types, Configuration c, Pairs pairs) {
        int n = types.length, full = (1 << n) - 1;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) for (int p = 0; p < n; p++) if (i != p) g[i][p] = childDensity(types, c, i, p, pairs);
        double[] f = new double[full + 1];
        f[1] = 1;
        for (int s = 1; s < full; s += 2) {
            if (f[s] == 0) continue;
            int[] children = eligibleChildren(s, n, pairs);
            for (int i : children) {
                int[] parents = eligibleParents(i, s, n, pairs);
                double sum = 0;
                for (int p : parents) sum += g[i][p];
                f[s | 1 << i] += f[s] * sum / ((double) children.length * parents.length);
            }
        }
        return f[full];
    }

    /** The density (1/length^d) of child i's position given its orientation and parent p's pose. */
    private double childDensity(int[] types, Configuration c, int i, int p, Pairs pairs) {
        List<int[]> list = pairs.list[i][p];
        if (list.isEmpty()) return 0;
        double sum = 0;
        for (int[] ab : list) {
            double r = Configuration.euclidean(c.world(i, patches[types[i]][ab[0]]), c.world(p, patches[types[p]][ab[1]]));
            double r0 = bondDistance[species(types[i], ab[0])][species(types[p], ab[1])];
            for (int k = 0; k < LEVELS; k++) {
                double radius = r0 * Math.pow(2, -k);
                if (r < radius) sum += 1 / ballVolume(model.dimension(), radius);
            }
        }
        return sum / (LEVELS * list.size());
    }

    private int species(int type, int patch) { return model.types().get(type).patchSpecies()[patch]; }

    private static int[] eligibleChildren(int placed, int n, Pairs pairs) {
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) if ((placed & 1 << i) == 0 && eligibleParents(i, placed, n, pairs).length > 0) out[k++] = i;
        return java.util.Arrays.copyOf(out, k);
    }

    private static int[] eligibleParents(int child, int placed, int n, Pairs pairs) {
        int[] out = new int[n];
        int k = 0;
        for (int p = 0; p < n; p++) if ((placed & 1 << p) != 0 && !pairs.list[child][p].isEmpty()) out[k++] = p;
        return java.util.Arrays.copyOf(out, k);
    }

    /** Bondable patch pairs (child patch, parent patch) for every ordered body pair of the cluster. */
    private final class Pairs {
        final List<int[]>[][] list;

        @SuppressWarnings("unchecked")
        Pairs(int[] types) {
            int n = types.length;
            list = new List[n][n];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < n; p++) {
                    list[i][p] = new ArrayList<>();
                    if (i == p) continue;
                    int[] si = model.types().get(types[i]).patchSpecies(), sp = model.types().get(types[p]).patchSpecies();
                    for (int a = 0; a < si.length; a++) for (int b = 0; b < sp.length; b++) if (bondDistance[si[a]][sp[b]] > 0) list[i][p].add(new int[] {a, b});
                }
            }
        }
    }

    /** Volume of the d-ball of radius r. */
    private static double ballVolume(int d, double r) { return d == 2 ? Math.PI * r * r : 4 * Math.PI / 3 * r * r * r; }

    private static double[] inBall(int d, double r, SplittableRandom rng) {
        while (true) {
            double[] u = new double[d];
            double s = 0;
            for (int a = 0; a < d; a++) {
                u[a] = r * (2 * rng.nextDouble() - 1);
                s += u[a] * u[a];
            }
            if (s < r * r) return u;
        }
    }

    /** A uniformly random rotation [d·d] row-major: a uniform angle in 2D, a normalised Gaussian quaternion in 3D. */
    private static double[] randomRotation(int d, SplittableRandom rng) {
        if (d == 2) {
            double th = 2 * Math.PI * rng.nextDouble(), c = Math.cos(th), s = Math.sin(th);
            return new double[] {c, -s, s, c};
        }
        double w, x, y, z, norm;
        do {
            w = gaussian(rng);
            x = gaussian(rng);
            y = gaussian(rng);
            z = gaussian(rng);
            norm = Math.sqrt(w * w + x * x + y * y + z * z);
        } while (norm < 1e-12);
        w /= norm;
        x /= norm;
        y /= norm;
        z /= norm;
        return new double[] {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static double[] world(double[] centre, double[] rot, double[] p) {
        int d = p.length;
        double[] w = centre.clone();
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) w[a] += rot[a * d + b] * p[b];
        return w;
    }

    private static double[] identity(int d) {
        double[] m = new double[d * d];
        for (int a = 0; a < d; a++) m[a * d + a] = 1;
        return m;
    }
}
