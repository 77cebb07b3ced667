package org.polymorph.materials.properties;

import java.util.List;

/**
 * A path through reciprocal space: high-symmetry points (fractional coordinates of the reciprocal
 * basis of the cell they are given for) with labels, joined by straight segments sampled at
 * {@code pointsPerSegment} intervals. E.g. Γ–X–W–K–Γ–L of fcc in the primitive reciprocal basis.
 */
public record BandPath(List<String> labels, List<double[]> points, int pointsPerSegment) {
    public BandPath {
        if (labels.size() != points.size() || points.size() < 2) {
            throw new IllegalArgumentException("BandPath: " + labels.size() + " labels for " + points.size()
                    + " points; give at least two points and one label per point");
        }
        if (pointsPerSegment < 1) throw new IllegalArgumentException("BandPath: pointsPerSegment = " + pointsPerSegment + "; give >= 1");
        for (double[] q : points) if (q.length != 3) throw new IllegalArgumentException("BandPath: q-points need 3 fractional coordinates");
        labels = List.copyOf(labels);
        points = points.stream().map(double[]::clone).toList();
    }
}
