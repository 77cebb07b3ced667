package org.polymorph.materials.internal.method;

import org.polymorph.materials.potential.Evaluation;

/** Checks of computed values: a NaN is an error naming where it appeared. */
final class Checks {
    private Checks() { }

    static void finite(Evaluation ev, String where) {
        if (!Double.isFinite(ev.energy())) throw new ArithmeticException(where + ": energy is " + ev.energy() + "; check the structure (overlapping atoms?) and potential");
        double[] f = ev.forces();
        for (int k = 0; k < f.length; k++) {
            if (!Double.isFinite(f[k])) throw new ArithmeticException(where + ": force on atom " + k / 3 + " is " + f[k] + "; check the structure near that atom");
        }
    }
}
