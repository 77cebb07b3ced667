package org.polymorph.autodiff;

import java.util.ArrayList;
import java.util.List;

/**
 * Loops whose reverse-mode memory can be bounded. With {@code checkpoint}, the T steps are cut into
 * segments of ⌈√T⌉ steps, each under {@link AD#checkpoint}: the tape keeps only the carries at
 * segment boundaries, and the backward pass recomputes one segment at a time, so memory is
 * O(√T) carries plus one segment's intermediates, for about one extra forward pass (Griewank &
 * Walther, "Evaluating Derivatives", ch. 12; Chen et al. 2016). Gradients are unchanged.
 *
 * <p>Everything the body differentiates must come in through the carry or {@code params}: a
 * checkpointed segment cannot see values it closes over (it fails with a message saying so).
 */
public final class Loops {
    private Loops() { }

    /** One step of {@link #scan}: the next carry and this step's output. */
    public record Step<C>(C carry, Var y) { }

    /** The final carry and the step outputs stacked along a new axis 0. */
    public record Scanned<C>(C carry, Var ys) { }

    /** The loop body: the carry after step t. */
    @FunctionalInterface
    public interface Body<C, P> {
        C apply(int t, C carry, P params);
    }

    /** The scan body: the next carry and the output for input x_t. */
    @FunctionalInterface
    public interface ScanBody<C, P> {
        Step<C> apply(C carry, Var x, P params);
    }

    /** carry ← step(t, carry, params) for t = 0 … steps−1; carry and params are pytrees. */
    @SuppressWarnings("unchecked")
    public static <C, P> C fori(AD ad, int steps, Body<C, P> step, C init, P params, boolean checkpoint) {
        if (steps < 0) throw new IllegalArgumentException("fori: steps = " + steps + "; give steps >= 0");
        if (!checkpoint) return run(0, steps, step, init, params);
        int seg = segment(steps);
        C carry = init;
        for (int s = 0; s < steps; s += seg) {
            int lo = s;
            int hi = Math.min(steps, s + seg);
            List<Object> in = new ArrayList<>(List.of(carry, params));
            carry = ad.checkpoint((List<Object> cp) -> run(lo, hi, step, (C) cp.get(0), (P) cp.get(1)), in);
        }
        return carry;
    }

    /** (carry, x_t, params) → (carry, y_t) over the leading axis of xs [T, ...]; ys is [T, ...]. */
    @SuppressWarnings("unchecked")
    public static <C, P> Scanned<C> scan(AD ad, ScanBody<C, P> step, C init, Var xs, P params, boolean checkpoint) {
        if (xs.rank() == 0) throw new IllegalArgumentException("scan: xs needs a leading time axis; got a scalar");
        Ops o = ad.ops();
        int steps = xs.dim(0);
        int seg = checkpoint ? segment(steps) : Math.max(1, steps);
        C carry = init;
        List<Var> ys = new ArrayList<>();
        for (int s = 0; s < steps; s += seg) {
            int lo = s;
            int hi = Math.min(steps, s + seg);
            Var part = o.sliceAxis(xs, 0, lo, hi);
            Scanned<C> r = checkpoint
                    ? ad.checkpoint((List<Object> in) -> scanSegment(o, step, (C) in.get(0), (Var) in.get(1), (P) in.get(2)),
                            new ArrayList<>(java.util.Arrays.asList(carry, part, params)))
                    : scanSegment(o, step, carry, part, params);
            carry = r.carry();
            ys.add(r.ys());
        }
        if (ys.isEmpty()) throw new IllegalArgumentException("scan: xs has no steps (shape " + xs.shape() + ")");
        return new Scanned<>(carry, ys.size() == 1 ? ys.get(0) : o.concat(0, ys.toArray(new Var[0])));
    }

    private static <C, P> Scanned<C> scanSegment(Ops o, ScanBody<C, P> step, C carry, Var xs, P params) {
        Var[] ys = new Var[xs.dim(0)];
        for (int t = 0; t < ys.length; t++) {
            Step<C> st = step.apply(carry, o.squeeze(o.sliceAxis(xs, 0, t, t + 1), 0), params);
            carry = st.carry();
            ys[t] = st.y();
        }
        return new Scanned<>(carry, o.stack(0, ys));
    }

    private static <C, P> C run(int lo, int hi, Body<C, P> step, C carry, P params) {
        for (int t = lo; t < hi; t++) carry = step.apply(t, carry, params);
        return carry;
    }

    private static int segment(int steps) { return Math.max(1, (int) Math.ceil(Math.sqrt(steps))); }
}
