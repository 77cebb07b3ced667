package org.polymorph.gpu.cpu.internal.linalg;

import java.util.Arrays;

/** Java-side helpers for batched row-major matrices: argument checks, transposes, finiteness. */
final class MatrixOps {
    private MatrixOps() { }

    /** Checks {@code data.length == batch * rows * cols} with non-negative sizes. */
    static void checkBatch(String op, String name, double[] data, int batch, int rows, int cols) {
        if (batch < 0 || rows < 0 || cols < 0) {
            throw new IllegalArgumentException(op + ": sizes must be >= 0, got batch=" + batch
                    + ", rows=" + rows + ", cols=" + cols);
        }
        long want = (long) batch * rows * cols;
        if (data == null || data.length != want) {
            throw new IllegalArgumentException(op + ": " + name + " must hold batch*" + rows + "*" + cols
                    + " = " + want + " doubles for batch=" + batch + ", got "
                    + (data == null ? "null" : String.valueOf(data.length)));
        }
        if (want > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(op + ": " + name + " too large (" + want + " elements)");
        }
    }

    /** Transposes each [rows, cols] matrix of a batch into [cols, rows]. */
    static double[] transpose(double[] x, int batch, int rows, int cols) {
        double[] out = new double[x.length];
        int size = rows * cols;
        for (int b = 0; b < batch; b++) {
            int o = b * size;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[o + j * rows + i] = x[o + i * cols + j];
                }
            }
        }
        return out;
    }

    /** For each matrix of the batch, whether all {@code size} entries are finite. */
    static boolean[] finite(double[] x, int batch, int size) {
        boolean[] ok = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            boolean f = true;
            for (int i = b * size, e = i + size; i < e && f; i++) {
                f = Double.isFinite(x[i]);
            }
            ok[b] = f;
        }
        return ok;
    }

    /** Fills matrix {@code b} (of {@code size} entries) with NaN. */
    static void fillNaN(double[] x, int b, int size) {
        Arrays.fill(x, b * size, (b + 1) * size, Double.NaN);
    }

    /** Zeros the strictly upper (upper = true) or strictly lower part of each [rows, cols] matrix. */
    static void zeroTriangle(double[] x, int batch, int rows, int cols, boolean upper) {
        int size = rows * cols;
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < rows; i++) {
                int from = upper ? i + 1 : 0;
                int to = upper ? cols : Math.min(i, cols);
                if (from < to) Arrays.fill(x, b * size + i * cols + from, b * size + i * cols + to, 0.0);
            }
        }
    }
}
