package org.polymorph.materials.properties;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.polymorph.materials.internal.properties.BandPlot;

/**
 * Phonon frequencies along a band path: cumulative path length [K] (1/Å, with the 2π), frequencies
 * [K][bands] (THz, negative for imaginary modes), the labels and their path positions.
 */
public record Dispersion(double[] distance, double[][] frequencies, List<String> labels, double[] labelDistances) {
    /** Writes the band structure as a PNG (axes, ticks and labels at the high-symmetry points). */
    public void writePng(Path file, String title) throws IOException {
        BandPlot.write(file, title, distance, frequencies, labels, labelDistances);
    }
}
