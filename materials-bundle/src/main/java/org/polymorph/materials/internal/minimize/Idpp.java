package org.polymorph.materials.internal.minimize;

import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.MinimumImage;
import org.polymorph.materials.structure.Atoms;

/**
 * The image-dependent pair potential of Smidstrup, Pedersen, Stokbro &amp; Jónsson (J. Chem. Phys. 140,
 * 214106 (2014)), ASE's interpolate('idpp'): image k of M + 2, at t = k/(M + 1), feels
 * S = Σ_{i&lt;j} (d_ij − d_ij^t)² / d_ij⁴ with d_ij^t = (1 − t) d_ij(initial) + t d_ij(final), over all pairs
 * at their minimum-image distances ({@link MinimumImage}). An NEB on this
 * surface gives a starting path whose images keep atoms apart where the linear one pushes them
 * together. O(N²) per image and step, as ASE's.
 */
public final class Idpp implements Neb.Surface {
    private final double[] r0;
    private final double[] r1;
    private final MinimumImage mi;
    private final int images;

    public Idpp(Atoms initial, Atoms fin, int images) {
        this.r0 = initial.positions();
        this.r1 = fin.positions();
        this.mi = new MinimumImage(initial.box());
        this.images = images;
    }

    /**
     * The interior images [images][3N] of the NEB on the IDPP surface from a linear start, FIRE until its NEB forces are below fmax;
     * {@code beforeStep} runs before every FIRE step (a cancellation check: it may throw to stop).
     */
    public static double[][] path(Atoms initial, Atoms fin, int images, double spring, double fmax, int steps, Runnable beforeStep) {
        Neb band = new Neb(new Idpp(initial, fin, images), initial, fin, images, spring, false, null);
        Fire.Motion m = new Fire.Motion(images * 3 * initial.size(), 0.2);
        Neb.Forces f = band.forces();
        while (f.fmax() >= fmax && m.steps < steps) {
            beforeStep.run();
            band.move(m.move(f.vector()));
            f = band.forces();
        }
        return band.interior();
    }

    @Override
    public Evaluation at(int image, Atoms atoms) {
        double t = (double) image / (images + 1);
        int n = atoms.size();
        double[] f = new double[3 * n];
        double[] d = new double[3];
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double target = (1 - t) * distance(r0, i, j, d) + t * distance(r1, i, j, d);
                double r = vector(atoms, i, j, d);
                double dev = r - target;
                double r4 = r * r * r * r;
                s += dev * dev / r4;
                double dsdr = 2 * dev / r4 - 4 * dev * dev / (r4 * r);   // dS/dr
                for (int k = 0; k < 3; k++) {
                    double g = dsdr * d[k] / r;
                    f[3 * j + k] -= g;
                    f[3 * i + k] += g;
                }
            }
        }
        return new Evaluation(s, f, new double[6]);
    }

    private double distance(double[] r, int i, int j, double[] d) {
        for (int k = 0; k < 3; k++) d[k] = r[3 * j + k] - r[3 * i + k];
        mi.reduce(d, 0);
        return Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    }

    /** r_j − r_i at its minimum image into d; returns its length. */
    private double vector(Atoms a, int i, int j, double[] d) {
        for (int k = 0; k < 3; k++) d[k] = a.x(j, k) - a.x(i, k);
        mi.reduce(d, 0);
        return Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    }
}
