package org.polymorph.analysis.kernels;

import java.util.Arrays;
import org.polymorph.core.method.BadInputException;

/** The input layer's kernel (stax {@code _inputs_to_kernel}): K(x_i, x_j) = Σ_c x_ic x_jc / C per pixel pair; Θ = 0. */
final class InputKernel {
    private InputKernel() { }

    /** @param x row-major inputs of shape (n, d) or (n, h, w, C) */
    static KernelState of(double[] x, int[] shape, boolean diagonal) {
        if (shape.length != 2 && shape.length != 4) {
            throw BadInputException.forParam("x1", Arrays.toString(shape),
                    "inputs must be (n, features) or (n, h, w, channels)", "reshape the inputs to one of these");
        }
        int n = shape[0];
        int h = shape.length == 4 ? shape[1] : 0;
        int w = shape.length == 4 ? shape[2] : 0;
        int c = shape[shape.length - 1];
        KernelState shapeOnly = new KernelState(n, h, w, diagonal && h > 0, null, null);
        int sp = shapeOnly.spatial();
        int pixels = Math.max(h * w, 1);
        double[] k = new double[n * n * sp];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int s = 0; s < sp; s++) {
                    int[] pq = shapeOnly.pixels(s);
                    int a = (i * pixels + pq[0]) * c;
                    int b = (j * pixels + pq[1]) * c;
                    double sum = 0;
                    for (int ch = 0; ch < c; ch++) sum += x[a + ch] * x[b + ch];
                    k[shapeOnly.index(i, j, s)] = sum / c;
                }
            }
        }
        return new KernelState(n, h, w, shapeOnly.diagonal(), k, new double[k.length]);
    }
}
