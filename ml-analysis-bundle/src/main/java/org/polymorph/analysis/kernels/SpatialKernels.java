package org.polymorph.analysis.kernels;

/**
 * Linear maps of the spatial covariance, as neural-tangents {@code stax/linear.py} computes them: a convolution with
 * i.i.d. filter taps averages the covariance along the diagonal offsets, K'(P, Q) = (1/k²) Σ_d K(P·s − pad + d,
 * Q·s − pad + d) (zero outside the image, so SAME padding counts the padded taps); average pooling averages over both
 * windows; flatten (followed by a dense layer of fan-in h·w·C) and global average pooling reduce to the mean over
 * pixel pairs (the diagonal for flatten, all pairs for global pooling).
 */
final class SpatialKernels {
    private SpatialKernels() { }

    /** Output length of a convolution or pooling along one axis (TF/JAX SAME and VALID), and its low padding. */
    static int[] geometry(int size, int window, int stride, boolean same) {
        if (!same) return new int[] {(size - window) / stride + 1, 0};
        int out = (size + stride - 1) / stride;
        int pad = Math.max((out - 1) * stride + window - size, 0);
        return new int[] {out, pad / 2};
    }

    /** Convolution of the covariance array a (laid out as k): the mean over the k×k taps shared by both pixels. */
    static double[] conv(KernelState k, double[] a, int window, int stride, boolean same, int oh, int ow) {
        int[] gh = geometry(k.h(), window, stride, same);
        int[] gw = geometry(k.w(), window, stride, same);
        KernelState shape = new KernelState(k.n(), oh, ow, k.diagonal(), null, null);
        int so = shape.spatial();
        double[] out = new double[k.n() * k.n() * so];
        double norm = 1.0 / (window * window);
        for (int ij = 0; ij < k.n() * k.n(); ij++) {
            for (int s = 0; s < so; s++) {
                int[] pq = shape.pixels(s);
                int py = pq[0] / ow * stride - gh[1];
                int px = pq[0] % ow * stride - gw[1];
                int qy = pq[1] / ow * stride - gh[1];
                int qx = pq[1] % ow * stride - gw[1];
                double sum = 0;
                for (int dy = 0; dy < window; dy++) {
                    if (!inside(py + dy, k.h()) || !inside(qy + dy, k.h())) continue;
                    for (int dx = 0; dx < window; dx++) {
                        if (!inside(px + dx, k.w()) || !inside(qx + dx, k.w())) continue;
                        int p = (py + dy) * k.w() + px + dx;
                        int q = (qy + dy) * k.w() + qx + dx;
                        sum += a[ij * k.spatial() + k.pair(p, q)];
                    }
                }
                out[ij * so + s] = norm * sum;
            }
        }
        return out;
    }

    /** Average pooling (VALID) of a full covariance: the mean over both windows, window⁴ terms. */
    static double[] avgPool(KernelState k, double[] a, int window, int stride, int oh, int ow) {
        int so = oh * ow * oh * ow;
        double[] out = new double[k.n() * k.n() * so];
        double norm = 1.0 / ((double) window * window * window * window);
        for (int ij = 0; ij < k.n() * k.n(); ij++) {
            for (int s = 0; s < so; s++) {
                int pp = s / (oh * ow);
                int qq = s % (oh * ow);
                double sum = 0;
                for (int d = 0; d < window * window; d++) {
                    int p = (pp / ow * stride + d / window) * k.w() + pp % ow * stride + d % window;
                    for (int e = 0; e < window * window; e++) {
                        int q = (qq / ow * stride + e / window) * k.w() + qq % ow * stride + e % window;
                        sum += a[ij * k.spatial() + k.pair(p, q)];
                    }
                }
                out[ij * so + s] = norm * sum;
            }
        }
        return out;
    }

    /** Mean over equal pixels (flatten) or over all pixel pairs (global average pooling): (n, n). */
    static double[] reduce(KernelState k, double[] a, boolean allPairs) {
        int hw = k.h() * k.w();
        double[] out = new double[k.n() * k.n()];
        for (int ij = 0; ij < out.length; ij++) {
            double sum = 0;
            for (int p = 0; p < hw; p++) {
                if (allPairs) {
                    for (int q = 0; q < hw; q++) sum += a[ij * k.spatial() + k.pair(p, q)];
                } else {
                    sum += a[ij * k.spatial() + k.pair(p, p)];
                }
            }
            out[ij] = sum / (allPairs ? (double) hw * hw : hw);
        }
        return out;
    }

    private static boolean inside(int i, int size) { return i >= 0 && i < size; }
}
