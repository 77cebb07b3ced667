package org.polymorph.materials.internal.minimize;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Minimizer;

/**
 * Minimiser factories. Each moves at most {@link #MAX_STEP} (length units) per iteration in the
 * norm of the whole displacement (ASE's maxstep), which keeps a first step from throwing atoms apart.
 */
public final class Minimizers {
    /** 0.2 length units (Å for metal), ASE's default. */
    public static final double MAX_STEP = 0.2;

    private Minimizers() { }

    /** FIRE (Bitzek et al., PRL 97, 170201 (2006)) with the FIRE 2.0 changes LAMMPS uses by default, positions only. */
    public static Minimizer fire(ForceField ff, Criteria criteria) { return new Fire(ff, criteria, null, MAX_STEP); }

    /** FIRE over positions and cell. */
    public static Minimizer fire(ForceField ff, Criteria criteria, CellFilter cell) { return new Fire(ff, criteria, cell, MAX_STEP); }

    /** L-BFGS (Nocedal, Math. Comp. 35, 773 (1980)), memory 10, backtracking Armijo search with Hager–Zhang's approximate Wolfe test, positions only. */
    public static Minimizer lbfgs(ForceField ff, Criteria criteria) { return new Lbfgs(ff, criteria, null, MAX_STEP, 10); }

    public static Minimizer lbfgs(ForceField ff, Criteria criteria, CellFilter cell) { return new Lbfgs(ff, criteria, cell, MAX_STEP, 10); }

    /** Steepest descent with a backtracking (Armijo) line search, positions only. */
    public static Minimizer gradientDescent(ForceField ff, Criteria criteria) { return new GradientDescent(ff, criteria, null, MAX_STEP); }

    public static Minimizer gradientDescent(ForceField ff, Criteria criteria, CellFilter cell) {
        return new GradientDescent(ff, criteria, cell, MAX_STEP);
    }
}
