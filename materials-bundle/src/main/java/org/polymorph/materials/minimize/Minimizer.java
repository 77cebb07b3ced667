package org.polymorph.materials.minimize;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.materials.structure.Atoms;

/** A local minimiser; a NaN energy or force throws ArithmeticException naming the step and the atom. */
@ConsumerType
@FunctionalInterface
public interface Minimizer {
    Relaxation minimize(Atoms atoms);
}
