package org.polymorph.optimizers.internal.train;

/**
 * One point of the learning curve: after {@code step} completed steps, the minibatch loss of that
 * step, and train/test accuracy where evaluated (NaN otherwise, and always NaN for regression).
 */
record Row(long step, double loss, double trainAcc, double testAcc) {
    boolean evaluated() { return !Double.isNaN(trainAcc) || !Double.isNaN(testAcc); }
}
