package org.polymorph.materials.properties;

import java.util.List;

/**
 * Phonon frequencies along a band path: cumulative path length [K] (1/Å, with the 2π), frequencies
 * [K][bands] (THz, negative for imaginary modes), the labels and their path positions.
 */
public record Dispersion(double[] distance, double[][] frequencies, List<String> labels, double[] labelDistances) { }
