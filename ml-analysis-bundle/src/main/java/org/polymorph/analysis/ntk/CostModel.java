package org.polymorph.analysis.ntk;

import java.util.EnumMap;
import java.util.Map;

/**
 * FLOP estimates of the three algorithms for one block of n1 × n2 rows (a tile pair; the whole kernel without tiling), after Table 1 of arXiv 2206.08720: FP is the cost of
 * one row's forward pass, P the parameters, O the outputs per row; a backward pass costs about 2 FP (3 FP with the
 * forward). The contraction sizes come from the {@link KernelLayout} (O² per pair untraced, O traced).
 */
final class CostModel {
    private CostModel() { }

    /**
     * @param fpPerRow forward FLOPs of one row
     * @param sdPerPair structured-derivative contraction FLOPs per (x1 row, x2 row) pair, or a negative value where SD
     *        is unavailable (a generic f: SD is JC then)
     */
    static Map<NtkImplementation, Double> estimate(KernelLayout layout, long n1, long n2, long params, double fpPerRow,
                                                    double sdPerPair) {
        double o = layout.outSize();
        double backward = (n1 + n2) * o * 3 * fpPerRow;
        double jc = backward + (double) n1 * n2 * layout.contractionPerParameter() * params;
        double vp = n2 * o * 3 * fpPerRow * (n1 + n2);
        Map<NtkImplementation, Double> m = new EnumMap<>(NtkImplementation.class);
        m.put(NtkImplementation.JC, jc);
        m.put(NtkImplementation.VP, vp);
        m.put(NtkImplementation.SD, sdPerPair < 0 ? jc : backward + n1 * (double) n2 * sdPerPair);
        return m;
    }

    /**
     * Dominant memory (bytes, float64) of each algorithm for one block, after Table 1 of arXiv 2206.08720: JC holds the
     * Jacobians, (n1 [+ n2]) · O · P; VP a chunk of parameter-sized tangents and the vmapped activations of both tiles;
     * SD the O cotangents at every layer, (n1 [+ n2]) · O · Y with Y the activations per row.
     *
     * @param rows n1, or n1 + n2 when x2 is not x1
     * @param activationsPerRow Y, the sum of the layers' output sizes of one row
     * @param vpChunk columns vmapped at once by NTK-vector products
     */
    static Map<NtkImplementation, Double> bytes(KernelLayout layout, long rows, long params, double activationsPerRow, long vpChunk) {
        double o = layout.outSize();
        Map<NtkImplementation, Double> m = new EnumMap<>(NtkImplementation.class);
        m.put(NtkImplementation.JC, 8.0 * rows * o * params);
        m.put(NtkImplementation.VP, 8.0 * vpChunk * (params + rows * activationsPerRow));
        m.put(NtkImplementation.SD, 8.0 * rows * o * activationsPerRow);
        return m;
    }

    /** The implementation with the fewest estimated FLOPs (ties: JC, then SD, then VP). */
    static NtkImplementation cheapest(Map<NtkImplementation, Double> costs) {
        NtkImplementation best = NtkImplementation.JC;
        for (NtkImplementation i : new NtkImplementation[] {NtkImplementation.SD, NtkImplementation.VP}) {
            if (costs.get(i) < costs.get(best)) best = i;
        }
        return best;
    }
}
