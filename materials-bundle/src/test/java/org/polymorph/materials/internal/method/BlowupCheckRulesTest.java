package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.Thermo;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/** The energy-drift rule of {@link BlowupCheck}, on hand-made states: two Ar atoms at rest whose energy jumps between steps. */
class BlowupCheckRulesTest {
    private static final Atoms PAIR = Atoms.of(new double[] {0, 0, 0, 3.8, 0, 0}, "Ar", 39.948, Box.free());

    private static State at(long step, double energy) {
        return new State(PAIR, new double[6], new Evaluation(energy, new double[6], new double[6]), null, step, step * 0.001, RandomKey.of(0),
                State.Chain.NONE, State.Barostat.NONE, 0, Thermo.degreesOfFreedom(2, true), UnitSystem.METAL);
    }

    private static BlowupCheck check(boolean conserved) {
        return new BlowupCheck(PAIR, 1.0, 300, 1.0, UnitSystem.METAL, at(0, -0.02), conserved);
    }

    /** At 300 K the limit is max(1 eV, 10 k_B T = 0.26 eV) = 1 eV per atom: a jump of 1.5 eV per atom stops the run, naming step and atom. */
    @Test
    void driftBeyondOneElectronvoltPerAtomFails() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> check(true).check(at(6, -0.02), at(7, 2.98)));
        assertTrue(e.getMessage().matches("the simulation blew up at step 7 .*atom [01] .*drifted by 1\\.50 eV per atom since step 0.*use a smaller dt.*"),
                e.getMessage());
    }

    /** Half an eV per atom is within the limit; an ensemble whose targets ramp (not conserved) is not checked at all. */
    @Test
    void driftWithinTheLimitOrUnconservedPasses() {
        assertDoesNotThrow(() -> check(true).check(at(6, -0.02), at(7, 0.98)));
        assertDoesNotThrow(() -> check(false).check(at(6, -0.02), at(7, 100)));
    }

    /** A hot target raises the limit to 10 k_B T per atom: 2 eV per atom is fine at 5000 K (4.3 eV) and not at 300 K. */
    @Test
    void limitFollowsTheTemperature() {
        BlowupCheck hot = new BlowupCheck(PAIR, 1.0, 5000, 1.0, UnitSystem.METAL, at(0, 0), true);
        assertDoesNotThrow(() -> hot.check(at(0, 0), at(1, 4)));
        assertThrows(ArithmeticException.class, () -> check(true).check(at(0, -0.02), at(1, 4)));
    }
}
