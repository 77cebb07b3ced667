package org.polymorph.materials.potential;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.autodiff.Var;

/**
 * A style that {@code ff.fit} can fit: one element's entry of its LAMMPS file seen as a flat vector of
 * numbers in file order, which can be read, turned into a {@link Potential} or into that potential's
 * differentiable parameter pytree (see {@link Potential#parameters}), and written back as a LAMMPS file.
 */
@ConsumerType
public interface FittableStyle {
    /** The names of an entry's numbers, in file order. */
    List<String> names();

    /** Whether {@code name} may be freed (entries LAMMPS uses outside the formulas, such as sw's tol, stay fixed). */
    boolean freeable(String name);

    /** The position of {@code name} in {@link #names()}; an IllegalArgumentException naming the valid names if absent. */
    default int index(String name) {
        int k = names().indexOf(name);
        if (k < 0) throw new IllegalArgumentException("free parameter '" + name + "' is not a parameter of this style; use one of " + names());
        return k;
    }

    /** The numbers of the entry {@code element element element} of {@code file} (file order), checked as the style checks them. */
    double[] read(Path file, String element);

    /** The potential of one element with these numbers (file order). */
    Potential potential(double[] values);

    /** The parameter pytree of {@link #potential} from one scalar Var per number (file order; fixed entries' Vars are ignored). */
    Object params(List<Var> values);

    /** A LAMMPS file with one entry {@code element element element}; {@code comment} lines become '#' lines. */
    String write(String element, double[] values, String comment);
}
