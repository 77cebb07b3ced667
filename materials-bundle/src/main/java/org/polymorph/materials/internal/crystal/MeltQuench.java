package org.polymorph.materials.internal.crystal;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * The melt–quench of a2c at constant volume (jax-md's a2c workflow, {@code get_kt}): Nosé–Hoover chain NVT held at
 * T_high for {@code hold} steps, cooled linearly to T_low over {@code cool} steps, held at T_low for {@code equilibrate}
 * steps; velocities start Maxwell–Boltzmann at T_high. The target at step n (1-based, the step being taken) is T_high for
 * n ≤ hold, T_high + (T_low − T_high)(n − hold)/cool during the cooling, T_low after.
 */
final class MeltQuench {
    /** Temperatures (K), step counts, time step (ps) and thermostat time constant τ (ps). */
    record Schedule(double tHigh, double tLow, long hold, long cool, long equilibrate, double dt, double tau) {
        Schedule {
            if (!(tHigh > 0) || !(tLow > 0)) throw new IllegalArgumentException("melt-quench: T_high = " + tHigh + " K, T_low = " + tLow + " K; give both > 0");
            if (hold < 0 || cool < 0 || equilibrate < 0) throw new IllegalArgumentException("melt-quench: negative step count");
        }

        long total() { return hold + cool + equilibrate; }

        /** The target temperature (K) of step n. */
        double target(long n) {
            if (n <= hold) return tHigh;
            if (n <= hold + cool) return tHigh + (tLow - tHigh) * (n - hold) / (double) cool;
            return tLow;
        }
    }

    /** The quenched atoms and the thermo rows: step, time (ps), target T (K), T (K), potential energy (eV), conserved energy (eV). */
    record Quenched(Atoms atoms, List<double[]> thermo) { }

    private MeltQuench() { }

    /** Runs the schedule from {@code start}; a thermo row every {@code every} steps (and the first and last); {@code tick} runs before each step. */
    static Quenched run(Potential pot, Atoms start, Schedule s, long every, long seed, Runnable tick) {
        org.polymorph.materials.dynamics.ForceField ff = PotentialForceField.of(pot, 1.0);
        // three segments, one integrator each, sharing the state (and its chain) from one to the next
        Integrator hot = Integrators.noseHoover(ff, s.dt(), Ramp.constant(s.tHigh()), s.tau(), UnitSystem.METAL);
        Integrator cooling = Integrators.noseHoover(ff, s.dt(), coolingRamp(s), s.tau(), UnitSystem.METAL);
        Integrator cold = Integrators.noseHoover(ff, s.dt(), Ramp.constant(s.tLow()), s.tau(), UnitSystem.METAL);
        State st = hot.init(RandomKey.of(seed), start, s.tHigh());
        List<double[]> rows = new ArrayList<>();
        rows.add(row(st, s));
        for (long n = 1; n <= s.total(); n++) {
            tick.run();
            Integrator in = n <= s.hold() ? hot : n <= s.hold() + s.cool() ? cooling : cold;
            st = in.step(st);
            if (n % every == 0 || n == s.total()) rows.add(row(st, s));
        }
        return new Quenched(st.atoms(), rows);
    }

    /**
     * The line through (hold, T_high) and (hold + cool, T_low) as a {@link Ramp} from step 0, whose value at the
     * global steps of the cooling is the schedule's (Ramp counts steps from 0, the cooling starts at step hold).
     */
    static Ramp coolingRamp(Schedule s) {
        if (s.cool() == 0) return Ramp.constant(s.tLow());
        double slope = (s.tLow() - s.tHigh()) / s.cool();
        double atZero = s.tHigh() - slope * s.hold();
        return Ramp.linear(atZero, s.tLow(), s.hold() + s.cool());
    }

    private static double[] row(State st, Schedule s) {
        return new double[] {st.step(), st.time(), s.target(Math.max(1, st.step())), st.temperature(), st.potentialEnergy(), st.conservedEnergy()};
    }
}
