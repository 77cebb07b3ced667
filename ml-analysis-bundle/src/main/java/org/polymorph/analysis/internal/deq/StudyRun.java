package org.polymorph.analysis.internal.deq;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training run of the study: a (family, σ, seed) cell. Numbers that a run did not reach are NaN (a run that failed
 * at step 0 has no losses; one whose solver failed has no accuracy).
 *
 * @param stable the solver converged at every step (forward and backward), the loss stayed finite and fell
 * @param outcome "stable", or what went wrong and at which step
 * @param stepsDone optimizer steps completed
 * @param initialLoss mean minibatch loss over the first window (a tenth of the steps, at least one)
 * @param finalLoss mean minibatch loss over the last window
 * @param testAccuracy fraction of the test examples classified correctly after training
 * @param meanIterations mean forward-solver iterations per step
 * @param maxResidual largest forward residual over the steps
 */
record StudyRun(String family, double sigma, int seed, boolean stable, String outcome, int stepsDone, double initialLoss,
                double finalLoss, double testAccuracy, double meanIterations, double maxResidual) {

    boolean isCell(String f, double s, int sd) { return family.equals(f) && Double.compare(sigma, s) == 0 && seed == sd; }

    /** The JSON form: keys with NaN values left out. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family);
        m.put("sigma", sigma);
        m.put("seed", seed);
        m.put("stable", stable);
        m.put("outcome", outcome);
        m.put("steps_done", stepsDone);
        putFinite(m, "initial_loss", initialLoss);
        putFinite(m, "final_loss", finalLoss);
        putFinite(m, "test_accuracy", testAccuracy);
        putFinite(m, "forward_iterations_mean", meanIterations);
        putFinite(m, "forward_residual_max", maxResidual);
        return m;
    }

    static void putFinite(Map<String, Object> m, String key, double v) {
        if (Double.isFinite(v)) m.put(key, v);
    }
}
