package org.polymorph.cluster.internal.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkValues;
import org.polymorph.core.method.Progress;

/**
 * The work kind {@value #NAME}, the item of bench.cluster: {@code steps} iterations of the logistic map
 * x &larr; 3.9 x (1 &minus; x) from a start drawn from the item's seed, a fixed amount of serial float64 work (about 2.4 ns
 * a step on the 2-core development machine) whose result (the last x and the mean of x) changes in every bit with any change of arithmetic, so that results
 * from different members can be compared bit for bit. {@code steps=0} is an item with no work: its time is the cost of
 * handing an item out and back.
 */
public final class BenchWork implements WorkKind {
    public static final String NAME = "bench.cluster.work";
    /** The map's parameter r: chaotic (the Lyapunov exponent is positive for r &gt; 3.57). */
    static final double R = 3.9;
    /** Steps per call of {@link #iterate} (a small method called often is compiled early and fully by the JIT). */
    private static final int CHUNK = 1 << 20;

    @Override public String name() { return NAME; }

    @Override
    public Map<String, Object> run(WorkItem item, Progress progress) {
        long steps = WorkValues.integer(item.params(), "steps", 0, Long.MAX_VALUE);
        // a start in (0.05, 0.95) from the seed (SplitMix64's finaliser: Steele et al., OOPSLA 2014)
        long z = item.seed() + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        double x = 0.05 + 0.9 * ((z >>> 11) * 0x1.0p-53);
        double[] state = {x, 0};                      // x and the sum of the x so far
        for (long done = 0; done < steps; ) {
            long chunk = Math.min(steps - done, CHUNK);
            iterate(state, (int) chunk);
            done += chunk;
            if (done < steps) progress.checkCancelled("work item " + item.id() + ", step " + done + " of " + steps);
        }
        x = state[0];
        double sum = state[1];
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("x", x);
        out.put("mean", steps == 0 ? 0.0 : sum / steps);
        out.put("steps", steps);
        return out;
    }

    /** {@code n} steps of the map from {@code state[0]}, adding each new x to {@code state[1]}. */
    private static void iterate(double[] state, int n) {
        double x = state[0];
        double sum = state[1];
        for (int k = 0; k < n; k++) {
            x = R * x * (1 - x);
            sum += x;
        }
        state[0] = x;
        state[1] = sum;
    }
}
