package org.polymorph.gpu.cpu.internal.linalg;

/** Plain-Java batched GEMM, row-major [batch, m, k] x [batch, k, n] (i-p-j loop order, unit-stride inner loop). */
final class JavaGemm {
    private JavaGemm() { }

    static double[] multiply(double[] a, double[] b, int batch, int m, int k, int n) {
        double[] c = new double[batch * m * n];
        for (int t = 0; t < batch; t++) {
            int ao = t * m * k;
            int bo = t * k * n;
            int co = t * m * n;
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    double aip = a[ao + i * k + p];
                    int br = bo + p * n;
                    int cr = co + i * n;
                    for (int j = 0; j < n; j++) c[cr + j] += aip * b[br + j];
                }
            }
        }
        return c;
    }
}
