package org.polymorph.materials.internal.rigid;

/**
 * The order of the principal axes in the NO_SQUISH free-rotor sequence a (h/2), b (h/2), c (h), b (h/2),
 * a (h/2) (Miller et al. 2002 write it 3, 2, 1, 2, 3). Both orders are symplectic and second order; their
 * O(dt²) errors differ, so matching a peer to round-off needs its order. Shapes keep the principal
 * moments ascending along body x, y, z.
 */
public enum Splitting {
    /**
     * LAMMPS's {@code fix rigid/nve|nvt} ({@code FixRigidNH}): its principal moments come in decreasing
     * order, so its sequence 3, 2, 1, 2, 3 turns about the axis of the smallest moment outermost and the
     * largest in the middle: body x, y, z, y, x here.
     */
    LAMMPS(0, 1, 2),
    /** jax-md's {@code rigid_body}: eigh's ascending moments and the sequence 2, 1, 0, 1, 2 (largest outermost): z, y, x, y, z. */
    JAX_MD(2, 1, 0);

    final int outer;
    final int middle;
    final int inner;

    Splitting(int outer, int middle, int inner) {
        this.outer = outer;
        this.middle = middle;
        this.inner = inner;
    }
}
