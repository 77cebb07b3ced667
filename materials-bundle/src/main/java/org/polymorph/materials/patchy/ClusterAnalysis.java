package org.polymorph.materials.patchy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cluster analysis of a {@link Configuration}: the bonded-patch graph (patch pairs on different bodies that a
 * {@link BondRule} accepts), clusters as its connected components over bodies, and {@link TargetStructure} matches;
 * yield = fraction of bodies in clusters that match the target.
 *
 * @param bonds    every bonded patch pair
 * @param clusters body indices of each cluster (every body is in exactly one; monomers are clusters of size 1)
 */
public record ClusterAnalysis(List<Bond> bonds, List<int[]> clusters, Configuration configuration) {
    /** Patch {@code patchA} of body {@code bodyA} bonded to patch {@code patchB} of body {@code bodyB}, at distance r. */
    public record Bond(int bodyA, int patchA, int bodyB, int patchB, double distance) { }

    /** Analyses {@code c}: patch positions per body type [t][m][d] in the body frame. */
    public static ClusterAnalysis of(PatchyModel model, double[][][] patches, Configuration c, BondRule rule) {
        int n = c.size();
        double[][][] world = new double[n][][];
        for (int i = 0; i < n; i++) {
            double[][] p = patches[c.types()[i]];
            world[i] = new double[p.length][];
            for (int k = 0; k < p.length; k++) world[i][k] = c.world(i, p[k]);
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        List<Bond> bonds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] si = model.types().get(c.types()[i]).patchSpecies();
            for (int j = i + 1; j < n; j++) {
                int[] sj = model.types().get(c.types()[j]).patchSpecies();
                for (int a = 0; a < si.length; a++) {
                    for (int b = 0; b < sj.length; b++) {
                        double r = c.distance(world[i][a], world[j][b]);
                        if (rule.bonded(si[a], sj[b], r)) {
                            bonds.add(new Bond(i, a, j, b, r));
                            parent[find(parent, i)] = find(parent, j);
                        }
                    }
                }
            }
        }
        List<List<Integer>> groups = new ArrayList<>();
        int[] slot = new int[n];
        Arrays.fill(slot, -1);
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            if (slot[root] < 0) {
                slot[root] = groups.size();
                groups.add(new ArrayList<>());
            }
            groups.get(slot[root]).add(i);
        }
        List<int[]> clusters = new ArrayList<>();
        for (List<Integer> g : groups) clusters.add(g.stream().mapToInt(Integer::intValue).toArray());
        return new ClusterAnalysis(List.copyOf(bonds), List.copyOf(clusters), c);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    /** Number of clusters of each size: entry s counts clusters of s bodies, s = 0..n. */
    public int[] sizeHistogram() {
        int[] h = new int[configuration.size() + 1];
        for (int[] cl : clusters) h[cl.length]++;
        return h;
    }

    /** The clusters that match {@code target}. */
    public List<int[]> matches(TargetStructure target) {
        List<int[]> out = new ArrayList<>();
        for (int[] cl : clusters) if (cl.length == target.size() && matches(cl, target)) out.add(cl.clone());
        return out;
    }

    /** Fraction of all bodies that sit in clusters matching {@code target}. */
    public double yield(TargetStructure target) {
        return matches(target).size() * (double) target.size() / configuration.size();
    }

    private boolean matches(int[] cluster, TargetStructure t) {
        int n = cluster.length;
        boolean[][] adj = new boolean[n][n];
        int[] local = new int[configuration.size()];
        for (int k = 0; k < n; k++) local[cluster[k]] = k;
        for (Bond b : bonds) {
            if (contains(cluster, b.bodyA())) adj[local[b.bodyA()]][local[b.bodyB()]] = adj[local[b.bodyB()]][local[b.bodyA()]] = true;
        }
        double[][] d = new double[n][n];
        double[][] cs = configuration.centres();
        for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) d[a][b] = configuration.distance(cs[cluster[a]], cs[cluster[b]]);
        double[][] ref = new double[n][n];
        double[][] tc = t.centres();
        for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) ref[a][b] = Configuration.euclidean(tc[a], tc[b]);
        int[] map = new int[n];
        boolean[] used = new boolean[n];
        int[] types = configuration.types();
        return extend(0, map, used, cluster, types, adj, d, new Reference(t.types(), t.bonded(), ref, t.tolerance()));
    }

    /** Backtracking over maps of cluster bodies 0..k−1 onto target bodies, pruning on type, bonds and distances. */
    private static boolean extend(int k, int[] map, boolean[] used, int[] cluster, int[] types, boolean[][] adj, double[][] d, Reference t) {
        int n = map.length;
        if (k == n) return true;
        for (int v = 0; v < n; v++) {
            if (used[v] || t.types()[v] != types[cluster[k]]) continue;
            boolean ok = true;
            for (int a = 0; a < k && ok; a++) {
                ok = adj[a][k] == t.bonded()[map[a]][v] && Math.abs(d[a][k] - t.distances()[map[a]][v]) <= t.tolerance();
            }
            if (!ok) continue;
            map[k] = v;
            used[v] = true;
            if (extend(k + 1, map, used, cluster, types, adj, d, t)) return true;
            used[v] = false;
        }
        return false;
    }

    /** The target's arrays, copied once per match. */
    private record Reference(int[] types, boolean[][] bonded, double[][] distances, double tolerance) { }

    private static boolean contains(int[] a, int x) {
        for (int v : a) if (v == x) return true;
        return false;
    }
}
