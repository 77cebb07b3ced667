package org.polymorph.materials.minimize;

import org.polymorph.materials.structure.Atoms;

/**
 * The end of a minimisation: the structure, its potential energy, the largest atomic force
 * (energy/length), the largest deviation of a stress component from the target (pressure unit;
 * NaN without a cell filter), the iterations taken and whether the criteria were met.
 */
public record Relaxation(Atoms atoms, double energy, double fmax, double stress, int steps, boolean converged) { }
