package org.polymorph.materials.internal.dynamics;

/**
 * An integrator step met a value it cannot go on from: a non-finite position, velocity or force
 * component, potential energy or cell. Carries where, so that a caller such as md.run can report it
 * with its own advice: the step being computed, the atom (−1 when the value belongs to no atom, as
 * the cell or the energy) and what was found.
 */
public final class Blowup extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final int atom;
    private final String what;

    /** {@code what}: the finding as a predicate of the atom (or of the system when {@code atom} is −1), e.g. "has a non-finite force x = NaN". */
    public Blowup(long step, int atom, String what) {
        super("step " + step + ": " + (atom >= 0 ? "atom " + atom + " " : "") + what
                + "; reduce the time step or check the potential and the structure");
        this.step = step;
        this.atom = atom;
        this.what = what;
    }

    /** The step whose computation failed. */
    public long step() { return step; }

    /** The atom the value belongs to, or −1. */
    public int atom() { return atom; }

    /** The finding, without step, atom or advice. */
    public String what() { return what; }
}
