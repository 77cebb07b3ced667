package org.polymorph.materials.internal.m3gnet;

import java.util.Arrays;
import org.polymorph.materials.partition.NeighborList;

/**
 * The two graphs of M3GNet as index arrays, built from a full neighbour list at the concrete geometry (matgl
 * {@code ext/_pymatgen_dgl.py}, {@code graph/_compute_dgl.py}):
 * <ul>
 * <li>bonds: every entry (i → j, image S) with |r_j + S·h − r_i|² &lt; r_c² + 10⁻⁸ Å² and r &gt; 0 (pymatgen's
 * {@code find_points_in_spheres} test), grouped by centre i and, within a centre, ordered by (j, S);</li>
 * <li>triples: for each centre with m bonds of length ≤ the three-body cutoff ("kept" bonds, in bond order), all
 * m(m−1) ordered pairs (b, b′), b ≠ b′, row-major; b is the bond ij the triple updates, b′ the bond ik.</li>
 * </ul>
 * matgl's {@code ThreeBodyInteractions} indexes the full bond list with positions in the kept list for three things:
 * the end atom k (dst of bond number b′), the cutoff weights (of bonds number b and b′) and the bond that receives the
 * message (number b). {@link M3gnet.Indexing#MATGL} reproduces that; it is exact only where the kept bonds are a prefix of
 * the whole list, and otherwise depends on the bond order. The bond order within a centre here is (j, S),
 * which is matgl's for free molecules (a dense row-major adjacency) but not pymatgen's cell-list order for crystals,
 * so for crystals whose bonds beyond the three-body cutoff precede kept ones the MATGL mode differs from matgl by the
 * size of the quirk (~10⁻⁴ eV per cell). {@link M3gnet.Indexing#CORRECTED} maps kept positions to bond numbers.
 */
final class M3gnetGraph {
    final int atoms;
    final int[] src;        // [E] centre i
    final int[] dst;        // [E] neighbour j
    final double[] shifts;  // [E, 3] image S
    final int[] tA;         // [T] bond ij (geometry of the angle)
    final int[] tB;         // [T] bond ik (geometry: angle and the radial basis of r_ik)
    final int[] tEnd;       // [T] atom k whose features gate the triple
    final int[] tW1;        // [T] bond whose three-body cutoff weights the triple (first factor)
    final int[] tW2;        // [T] second factor
    final int[] tBond;      // [T] bond receiving the triple's message

    M3gnetGraph(double[] r, double[] h, NeighborList nl, double cutoff, double threeBodyCutoff, M3gnet.Indexing indexing) {
        if (nl.half()) throw new IllegalArgumentException("m3gnet needs a full neighbour list; build one with half = false");
        int n = nl.atoms();
        this.atoms = n;
        int[] nb = nl.neighbors();
        int[] sh = nl.shifts();
        double rc2 = cutoff * cutoff + 1e-8;
        Integer[][] rows = new Integer[n][];
        int count = 0;
        for (int i = 0; i < n; i++) {
            Integer[] row = new Integer[nl.end(i) - nl.start(i)];
            int m = 0;
            for (int e = nl.start(i); e < nl.end(i); e++) {
                double d2 = nl.squaredDistance(i, e, r, h);
                if (d2 < rc2 && d2 > 1e-16) row[m++] = e;
            }
            row = Arrays.copyOf(row, m);
            Arrays.sort(row, (a, b) -> {
                int c = Integer.compare(nb[a], nb[b]);
                for (int k = 0; c == 0 && k < 3; k++) c = Integer.compare(sh[3 * a + k], sh[3 * b + k]);
                return c;
            });
            rows[i] = row;
            count += m;
        }
        src = new int[count];
        dst = new int[count];
        shifts = new double[3 * count];
        double[] len = new double[count];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int e : rows[i]) {
                src[k] = i;
                dst[k] = nb[e];
                for (int a = 0; a < 3; a++) shifts[3 * k + a] = sh[3 * e + a];
                len[k++] = Math.sqrt(nl.squaredDistance(i, e, r, h));
            }
        }
        int[] kept = new int[count];                              // kept position → bond number
        int[] start = new int[n + 1];                             // kept positions of centre i: start[i] .. start[i+1]-1
        int nk = 0;
        for (int e = 0; e < count; e++) {
            if (len[e] <= threeBodyCutoff) {
                kept[nk++] = e;
                start[src[e] + 1]++;
            }
        }
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        int t = 0;
        for (int i = 0; i < n; i++) {
            int m = start[i + 1] - start[i];
            t += m * (m - 1);
        }
        tA = new int[t];
        tB = new int[t];
        tEnd = new int[t];
        tW1 = new int[t];
        tW2 = new int[t];
        tBond = new int[t];
        boolean matgl = indexing == M3gnet.Indexing.MATGL;
        int q = 0;
        for (int i = 0; i < n; i++) {
            for (int p1 = start[i]; p1 < start[i + 1]; p1++) {
                for (int p2 = start[i]; p2 < start[i + 1]; p2++) {
                    if (p1 == p2) continue;
                    tA[q] = kept[p1];
                    tB[q] = kept[p2];
                    tEnd[q] = dst[matgl ? p2 : kept[p2]];
                    tW1[q] = matgl ? p1 : kept[p1];
                    tW2[q] = matgl ? p2 : kept[p2];
                    tBond[q++] = matgl ? p1 : kept[p1];
                }
            }
        }
    }

    int bonds() { return src.length; }

    int triples() { return tA.length; }
}
