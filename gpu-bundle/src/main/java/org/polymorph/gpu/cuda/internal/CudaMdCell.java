package org.polymorph.gpu.cuda.internal;

/**
 * The periodic cell and the cell grid of the MD neighbour search: {@code box} [18] = h (row-major, the
 * lattice vectors its columns; length) then h⁻¹, as md_common.cuh reads it; {@code cells[k]} cells
 * along lattice vector k, each at least the cutoff wide where the cell's perpendicular width allows
 * (else one cell), and {@code reach[k]} = ⌈cutoff · cells[k] / width[k]⌉ cells searched either side,
 * which covers every pair closer than the cutoff, periodic images included. The grid is coarsened when
 * it would have more than 4N + 27 cells (a dilute gas), which changes speed, not results.
 */
record CudaMdCell(double[] box, int[] cells, int[] reach, double volume) {
    /** From the lattice vectors as the ROWS of {@code rows} (row-major 3x3, the SPI's convention), transposed here. */
    static CudaMdCell of(double[] rows, double cutoff, int atoms) {
        if (rows.length != 9) throw new IllegalArgumentException("md: cell has " + rows.length + " entries; give the 3x3 cell row-major (9)");
        for (double x : rows) if (!Double.isFinite(x)) throw new IllegalArgumentException("md: the cell has a non-finite entry " + java.util.Arrays.toString(rows));
        double[] h = {rows[0], rows[3], rows[6], rows[1], rows[4], rows[7], rows[2], rows[5], rows[8]};
        double det = h[0] * (h[4] * h[8] - h[5] * h[7]) - h[1] * (h[3] * h[8] - h[5] * h[6]) + h[2] * (h[3] * h[7] - h[4] * h[6]);
        if (!(Math.abs(det) > 0)) throw new IllegalArgumentException("md: the cell " + java.util.Arrays.toString(h) + " is singular; give three independent lattice vectors");
        double[] inv = {
            (h[4] * h[8] - h[5] * h[7]) / det, (h[2] * h[7] - h[1] * h[8]) / det, (h[1] * h[5] - h[2] * h[4]) / det,
            (h[5] * h[6] - h[3] * h[8]) / det, (h[0] * h[8] - h[2] * h[6]) / det, (h[2] * h[3] - h[0] * h[5]) / det,
            (h[3] * h[7] - h[4] * h[6]) / det, (h[1] * h[6] - h[0] * h[7]) / det, (h[0] * h[4] - h[1] * h[3]) / det};
        double[] box = new double[18];
        System.arraycopy(h, 0, box, 0, 9);
        System.arraycopy(inv, 0, box, 9, 9);
        double[] width = new double[3];
        int[] cells = new int[3];
        for (int k = 0; k < 3; k++) {
            // the perpendicular width along lattice vector k is 1 / |row k of h^-1|
            width[k] = 1 / Math.sqrt(inv[3 * k] * inv[3 * k] + inv[3 * k + 1] * inv[3 * k + 1] + inv[3 * k + 2] * inv[3 * k + 2]);
            cells[k] = (int) Math.max(1, Math.min(1024, Math.floor(width[k] / cutoff)));
        }
        long limit = 4L * atoms + 27;
        while ((long) cells[0] * cells[1] * cells[2] > limit) {
            int k = cells[0] >= cells[1] && cells[0] >= cells[2] ? 0 : cells[1] >= cells[2] ? 1 : 2;
            cells[k] = Math.max(1, cells[k] / 2);
        }
        int[] reach = new int[3];
        for (int k = 0; k < 3; k++) reach[k] = (int) Math.ceil(cutoff * cells[k] / width[k]);
        return new CudaMdCell(box, cells, reach, Math.abs(det));
    }

    int count() { return cells[0] * cells[1] * cells[2]; }
}
