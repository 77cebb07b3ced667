package org.polymorph.autodiff.nn;

import org.polymorph.core.tensor.RandomKey;

/**
 * What one {@link Layer#apply} call may depend on besides parameters, state and input.
 *
 * @param training  true for training (Dropout active, BatchNorm uses and updates batch statistics)
 * @param key       randomness for this call (Dropout); null when the call needs none. Pass a fresh
 *                  key per step (e.g. {@code key.foldIn(step)}): the same key gives the same masks
 * @param statsName which set of statistics a {@link SplitBatchNorm} uses; null selects its first set
 */
public record Context(boolean training, RandomKey key, String statsName) {
    /** Inference: no randomness, running statistics. */
    public static Context eval() { return new Context(false, null, null); }

    /** Training with randomness from {@code key}. */
    public static Context train(RandomKey key) { return new Context(true, key, null); }

    /** The same context selecting statistics set {@code name} of every {@link SplitBatchNorm}. */
    public Context withStats(String name) { return new Context(training, key, name); }

    /** The context for sub-layer {@code index}: an independent key derived by folding in the index. */
    public Context child(int index) { return key == null ? this : new Context(training, key.foldIn(index), statsName); }

    /** The key, or an IllegalStateException telling {@code layer} to get one from {@link #train}. */
    public RandomKey requireKey(String layer) {
        if (key == null) {
            throw new IllegalStateException(layer + " needs a random key in training mode; use Context.train(key)");
        }
        return key;
    }
}
