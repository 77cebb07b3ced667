package org.polymorph.materials.internal.method;

import java.util.Locale;

import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.Blowup;
import org.polymorph.materials.structure.Atoms;

/**
 * Stops a trajectory that has blown up, as LAMMPS ("Out of range atoms", "Lost atoms") and ASE users
 * expect, instead of letting it run on to a finite-looking but meaningless end. After every step
 * one pass over the atoms checks, in this order:
 * <ol>
 * <li>every position, velocity and force component and the potential energy are finite;</li>
 * <li>no atom moved more than {@code maxStep} Å in the step: half the neighbour skin (the list is only
 *     guaranteed for moves below skin/2), or with no skin a tenth of the smallest perpendicular cell
 *     width;</li>
 * <li>the temperature 2 KE / (dof k_B) stays below {@code temperatureLimit}: 100 times the largest of
 *     the initial and target temperatures, and at least 100 × 10⁴ K = 10⁶ K, far above any melt or
 *     vaporisation a potential describes;</li>
 * <li>where the integrator conserves KE + PE + reservoir (NVE, and the thermostats and barostats at fixed
 *     targets), it has not moved by more than {@code max(1 eV, 10 k_B T)} per atom from the start of the
 *     run (or of the resumed part), T the largest of the initial and target temperatures. A stable
 *     velocity-Verlet step keeps the energy error bounded and of order dt² over long times (Hairer,
 *     Lubich &amp; Wanner, Acta Numerica 12, 399 (2003)); the healthy runs of the tests stay below
 *     1e-2 eV per atom at 2000 K, so 1 eV per atom, the energy of a broken bond, means steps far
 *     beyond the integrator's order.</li>
 * </ol>
 * A step the integrator itself could not finish (a non-finite force, position or energy, or an NPT cell
 * that ran away: {@link Blowup}) is reported the same way through {@link #advance}. A failure throws an
 * {@link ArithmeticException} (the run fails, exit 1) naming the step, the atom (the offending one, or for
 * a runaway temperature, energy or cell the fastest) and the fix: a smaller dt. The check reads the
 * arrays in place and allocates nothing while the run is healthy, so it changes no result.
 */
final class BlowupCheck {
    /** Floor of the runaway-temperature reference (K): 100 × max(T0, targets, this) is the limit. */
    static final double TEMPERATURE_FLOOR = 1e4;
    /** Floor of the drift limit (eV per atom): max(this, 10 k_B T) is the limit. */
    static final double DRIFT_FLOOR = 1.0;

    private final double[] mass;
    private final double maxStep;
    private final String maxStepRule;
    private final double temperatureLimit;
    private final double dtFs;
    private final UnitSystem units;
    private final boolean conserved;
    private final double conservedStart;
    private final long startStep;
    private final double driftLimit;

    /**
     * @param atoms the initial structure (masses per atom; the cell when there is no skin)
     * @param skin neighbour-list skin (Å); 0: none
     * @param temperature the largest of the initial and target temperatures (K)
     * @param dtFs the time step in fs, only to suggest a smaller one
     * @param start the state the run starts (or resumes) from
     * @param conserved whether the integrator conserves {@link State#conservedEnergy()} (NVE, or fixed targets)
     */
    BlowupCheck(Atoms atoms, double skin, double temperature, double dtFs, UnitSystem units, State start, boolean conserved) {
        this.mass = atoms.atomMasses();
        double widest = Double.POSITIVE_INFINITY;
        if (skin <= 0 && atoms.box().anyPeriodic()) {
            double[] w = atoms.box().perpendicularWidths();
            for (int k = 0; k < 3; k++) if (atoms.box().periodic(k)) widest = Math.min(widest, w[k]);
        }
        this.maxStep = skin > 0 ? skin / 2 : widest / 10;
        this.maxStepRule = skin > 0 ? "half the neighbour skin" : "a tenth of the smallest cell width";
        this.temperatureLimit = 100 * Math.max(temperature, TEMPERATURE_FLOOR);
        this.dtFs = dtFs;
        this.units = units;
        this.conserved = conserved;
        this.conservedStart = start.conservedEnergy();
        this.startStep = start.step();
        this.driftLimit = Math.max(DRIFT_FLOOR, 10 * units.boltzmann() * temperature) * mass.length;
    }

    /** {@code integ}'s step from {@code before}; a step it could not finish ({@link Blowup}) fails as {@link #check} does. */
    State advance(Integrator integ, State before) { return advance(() -> integ.step(before), before); }

    /** The steps of {@code steps} from {@code before} (one or several, as the device path makes them); a {@link Blowup} fails as {@link #check} does. */
    State advance(java.util.function.Supplier<State> steps, State before) {
        try {
            return steps.get();
        } catch (Blowup e) {
            int atom = e.atom() >= 0 ? e.atom() : fastest(before);
            throw fail(e.step(), before.time() + (e.step() - before.step()) * (dtFs / 1000), atom, e.atom() >= 0 ? e.what() : "is the fastest atom; " + e.what());
        }
    }

    /** Throws when {@code after}, one step from {@code before}, has blown up; see the class comment. */
    void check(State before, State after) {
        Atoms a0 = before.atoms();
        Atoms a1 = after.atoms();
        int n = mass.length;
        double mv2 = 0;
        for (int i = 0; i < n; i++) {
            double d2 = 0;
            double v2 = 0;
            for (int k = 0; k < 3; k++) {
                double x = a1.x(i, k);
                double v = after.velocity(i, k);
                double f = after.evaluation().force(i, k);
                if (!Double.isFinite(x) || !Double.isFinite(v) || !Double.isFinite(f)) {
                    String what = !Double.isFinite(x) ? "position " + x : !Double.isFinite(v) ? "velocity " + v : "force " + f;
                    throw fail(after, i, "has a non-finite " + what);
                }
                double dx = x - a0.x(i, k);
                d2 += dx * dx;
                v2 += v * v;
            }
            if (d2 > maxStep * maxStep) {
                throw fail(after, i, String.format(Locale.ROOT, "moved %.3g Å in one step (the limit is %.3g Å, %s)", Math.sqrt(d2), maxStep,
                        maxStepRule));
            }
            mv2 += mass[i] * v2;
        }
        checkEnergies(after, mv2);
    }

    /**
     * The checks of {@link #check} that need no earlier state (finite potential energy, conserved-energy drift,
     * runaway temperature): the device path's, after the steps it makes between two observed states (it checks
     * positions, velocities and forces for non-finite values itself, every step; its neighbour list has no skin).
     */
    void checkEnergies(State after) {
        double mv2 = 0;
        for (int i = 0; i < mass.length; i++) {
            double v2 = 0;
            for (int k = 0; k < 3; k++) v2 += after.velocity(i, k) * after.velocity(i, k);
            mv2 += mass[i] * v2;
        }
        checkEnergies(after, mv2);
    }

    private void checkEnergies(State after, double mv2) {
        if (!Double.isFinite(after.potentialEnergy())) throw fail(after, fastest(after), "is the fastest atom; the potential energy is " + after.potentialEnergy());
        double drift = after.conservedEnergy() - conservedStart;
        if (conserved && !(Math.abs(drift) <= driftLimit)) {
            throw fail(after, fastest(after), String.format(Locale.ROOT, "is the fastest atom; the conserved energy drifted by %.3g eV per atom since step %d, "
                    + "above the limit %.3g eV per atom", drift / mass.length, startStep, driftLimit / mass.length));
        }
        double t = mv2 * units.mvv2e() / (after.dof() * units.boltzmann());
        if (after.dof() > 0 && !(t <= temperatureLimit)) {
            throw fail(after, fastest(after), String.format(Locale.ROOT, "is the fastest atom; the temperature is %.3g K, above the runaway limit %.3g K", t,
                    temperatureLimit));
        }
    }

    /** The atom with the largest m v² in {@code s} (the first non-finite one if any). */
    private int fastest(State s) {
        int atom = 0;
        double most = -1;
        for (int i = 0; i < mass.length; i++) {
            double v2 = 0;
            for (int k = 0; k < 3; k++) v2 += s.velocity(i, k) * s.velocity(i, k);
            if (!(mass[i] * v2 <= most)) {
                most = mass[i] * v2;
                atom = i;
            }
        }
        return atom;
    }

    private ArithmeticException fail(State s, int atom, String what) { return fail(s.step(), s.time(), atom, what); }

    private ArithmeticException fail(long step, double time, int atom, String what) {
        String smaller = dtFs > 2 ? "dt=1" : String.format(Locale.ROOT, "dt=%.3g", dtFs / 4);
        return new ArithmeticException(String.format(Locale.ROOT,
                "the simulation blew up at step %d (t = %.6g ps): atom %d %s; use a smaller dt, e.g. %s (or check the structure and potential)",
                step, time, atom, what, smaller));
    }
}
