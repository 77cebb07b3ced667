package org.polymorph.optimizers.internal.meta;

import org.polymorph.core.tensor.RandomKey;

/**
 * Where one inner training run (an episode) stands between truncations: which task, its data stream's
 * key, the episode's number (for the member's next key), the inner iteration reached and the episode's
 * length (both in inner steps), the task parameters and the learned optimizer's state.
 */
record InnerState(int task, RandomKey dataKey, long episode, long iteration, long length, Frozen params, Frozen optState) {
    /** Whether the episode has run its length (the next truncation starts a new one). */
    boolean done() { return iteration >= length; }

    /** The inner steps the next truncation of at most {@code k} steps runs: it never crosses the episode's end. */
    int stepsOf(int k) { return (int) Math.min(k, length - iteration); }

    InnerState advanced(int steps, Frozen newParams, Frozen newOptState) {
        return new InnerState(task, dataKey, episode, iteration + steps, length, newParams, newOptState);
    }
}
