package org.polymorph.materials.internal.patchy;

/**
 * Mean and statistical error of a correlated time series by block averaging (Flyvbjerg &amp; Petersen, J. Chem. Phys.
 * 91, 461 (1989)): the series is cut into B equal consecutive blocks (the remainder at the start is dropped) and the
 * error is the standard deviation of the block means over √B, which is the error of the mean once blocks are longer
 * than the correlation time.
 *
 * @param mean   mean of the blocked samples
 * @param error  standard error of the mean, sd(block means)/√B (NaN with fewer than two blocks)
 * @param blocks B
 * @param used   samples in the blocks
 */
public record BlockAverage(double mean, double error, int blocks, int used) {
    /** Over {@code values[from..]} in {@code blocks} blocks (fewer when there are fewer samples). */
    public static BlockAverage of(double[] values, int from, int blocks) {
        int n = values.length - from;
        if (n <= 0) return new BlockAverage(Double.NaN, Double.NaN, 0, 0);
        int b = Math.max(1, Math.min(blocks, n));
        int len = n / b;
        int start = values.length - b * len;
        double[] means = new double[b];
        double mean = 0;
        for (int k = 0; k < b; k++) {
            for (int i = 0; i < len; i++) means[k] += values[start + k * len + i] / len;
            mean += means[k] / b;
        }
        if (b < 2) return new BlockAverage(mean, Double.NaN, b, b * len);
        double var = 0;
        for (double m : means) var += (m - mean) * (m - mean) / (b - 1);
        return new BlockAverage(mean, Math.sqrt(var / b), b, b * len);
    }
}
