package org.polymorph.materials.internal.potential;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.structure.Atoms;

/**
 * The work arrays of a kernel that reads a list's ghost atoms ({@link Ghosts}): positions x, y, z
 * of the N atoms and their G ghosts by axis, force accumulators fx, fy, fz [≥ N + G] (zero when
 * taken), and the folded forces [3N]. Sets are reused from call to call through a {@link Pool}: a
 * fresh array of a few hundred kB is written to memory outside the caches, which costs about a fifth
 * of a 32,000-atom lj/cut step per array; a reused one stays cached. Close it to return it.
 */
final class Extended implements AutoCloseable {
    /** Sets of work arrays, one per concurrent caller (row-parallel threads get different sets). */
    static final class Pool {
        private final ConcurrentLinkedDeque<Extended> free = new ConcurrentLinkedDeque<>();
        /** The many-body kernels' short lists, kept from call to call on the same neighbour list. */
        final ManyBody.ShortLists shortLists = new ManyBody.ShortLists();

        /** A set loaded with the atoms' extended positions for the list {@code nl}. */
        Extended take(Atoms atoms, NeighborList nl) {
            Ghosts g = nl.ghosts();
            Extended e = free.pollFirst();
            if (e == null || e.x.length < g.extended() || e.folded.length != 3 * atoms.size()) e = new Extended(g.extended(), 3 * atoms.size(), this);
            e.load(atoms, g);
            return e;
        }

        private void give(Extended e) {
            if (free.size() < 8) free.addFirst(e);
        }
    }

    final double[] x;
    final double[] y;
    final double[] z;
    final double[] fx;
    final double[] fy;
    final double[] fz;
    private final double[] folded;
    private final Pool pool;
    private Ghosts ghosts;
    private int n;
    private int m;

    private Extended(int extended, int components, Pool pool) {
        x = new double[extended];
        y = new double[extended];
        z = new double[extended];
        fx = new double[extended];
        fy = new double[extended];
        fz = new double[extended];
        folded = new double[components];
        this.pool = pool;
    }

    private void load(Atoms atoms, Ghosts g) {
        ghosts = g;
        n = g.atoms();
        m = g.extended();
        g.positions(atoms, x, y, z);
        Arrays.fill(fx, 0, m, 0);
        Arrays.fill(fy, 0, m, 0);
        Arrays.fill(fz, 0, m, 0);
    }

    /** N + G. */
    int size() { return m; }

    /** The atom extended index l is (itself, or a ghost's owner). */
    int atom(int l) { return l < n ? l : ghosts.owner()[l - n]; }

    /** The type of each extended atom [N + G] (a ghost has its owner's). */
    int[] types(Atoms atoms) {
        int[] t = new int[m];
        for (int l = 0; l < m; l++) t[l] = atoms.type(atom(l));
        return t;
    }

    /** For an entry of atom i to extended index l: the rule that keeps one of the pair's two entries in a full list, {@link NeighborList#keptOnce}. */
    boolean keptOnce(int i, int l) {
        int j = atom(l);
        if (j != i) return i < j;
        int[] image = ghosts.image();
        int g = 3 * (l - n);
        return NeighborList.keptOnce(i, j, image[g], image[g + 1], image[g + 2]);
    }

    /** The forces on the atoms [3N], ghosts' forces folded onto their owners; valid until closed (an Evaluation copies them). */
    double[] forces() { return ghosts.fold(fx, fy, fz, folded); }

    /** The virial W (xx yy zz xy xz yz) = Σ x ⊗ f over the extended atoms, before folding (LAMMPS's virial_fdotr_compute). */
    double[] virial() {
        double xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
        for (int k = 0; k < m; k++) {
            xx += x[k] * fx[k];
            yy += y[k] * fy[k];
            zz += z[k] * fz[k];
            xy += x[k] * fy[k];
            xz += x[k] * fz[k];
            yz += y[k] * fz[k];
        }
        return new double[] {xx, yy, zz, xy, xz, yz};
    }

    @Override
    public void close() { pool.give(this); }
}
