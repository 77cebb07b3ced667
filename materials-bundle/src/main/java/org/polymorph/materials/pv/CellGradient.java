package org.polymorph.materials.pv;

/**
 * A cotangent of a {@link PvCell}: ∂L/∂(each parameter of the cell) for some scalar L, with the cell's fields and
 * shapes (per point [n], {@code dgrid} [n−1], the contact scalars), all in the cell's dimensionless units.
 */
final class CellGradient {
    final double[] eps, chi, eg, nc, nv, mn, mp, tn, tp, et, br, cn, cp, ndop, g, dgrid;
    double snl, snr, spl, spr, phiM0, phiML;

    CellGradient(int n) {
        eps = new double[n]; chi = new double[n]; eg = new double[n]; nc = new double[n]; nv = new double[n];
        mn = new double[n]; mp = new double[n]; tn = new double[n]; tp = new double[n]; et = new double[n];
        br = new double[n]; cn = new double[n]; cp = new double[n]; ndop = new double[n]; g = new double[n];
        dgrid = new double[n - 1];
    }
}
