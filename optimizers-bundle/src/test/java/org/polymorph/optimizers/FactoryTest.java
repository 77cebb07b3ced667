package org.polymorph.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Ops;

/** Optimizers.create: every name builds; every bad input names the parameter, the value and what is allowed. */
class FactoryTest {
    private final Ops o = new AdTesting().o;

    private String error(String name, Map<String, ?> params) {
        return assertThrows(IllegalArgumentException.class, () -> OptimizerCatalogs.create(o, name, params)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "'" + p + "' not in: " + message);
    }

    @Test
    void everyNameBuildsWithDefaults() {
        for (String name : OptimizerCatalogs.classical().names()) {
            Optimizer opt = OptimizerCatalogs.create(o, name, Map.of());
            assertEquals(0, opt.init(o.constant(new double[] {1, 2}, 2)).step(), name);
        }
        OptimizerCatalogs.create(o, "nesterov", Map.of("optimizer", "nesterov", "lr", 0.1, "momentum", 0.95,
                "schedule", "cosine", "decay_steps", 100, "alpha", 0.01));
        OptimizerCatalogs.create(o, "adam", Map.of("schedule", "warmup_cosine", "warmup_steps", "10", "decay_steps", 100L));
    }

    @Test
    void unknownOptimizerListsTheAllowedNames() {
        assertMentions(error("adamx", Map.of()), "'optimizer'", "'adamx'", "sgd, momentum, nesterov, adam, adamw, rmsprop");
        assertMentions(error(null, Map.of()), "'optimizer'", "null");
    }

    @Test
    void badValuesNameTheParameter() {
        assertMentions(error("sgd", Map.of("lr", -1.0)), "'lr'", "-1.0", "> 0");
        assertMentions(error("sgd", Map.of("lr", "fast")), "'lr'", "'fast'", "a number");
        assertMentions(error("sgd", Map.of("lr", Double.NaN)), "'lr'", "NaN");
        assertMentions(error("adam", Map.of("beta1", 1.0)), "'beta1'", "1.0", "[0, 1)");
        assertMentions(error("adam", Map.of("beta2", -0.1)), "'beta2'", "-0.1");
        assertMentions(error("adam", Map.of("eps", -1e-8)), "'eps'", ">= 0");
        assertMentions(error("adamw", Map.of("weight_decay", -0.5)), "'weight_decay'", "-0.5");
        assertMentions(error("momentum", Map.of("momentum", 0)), "'momentum'", "(0, 1)");
        assertMentions(error("nesterov", Map.of("momentum", 1.5)), "'momentum'", "1.5");
        assertMentions(error("rmsprop", Map.of("centered", "maybe")), "'centered'", "'maybe'", "true or false");
        assertMentions(error("rmsprop", Map.of("decay", 1)), "'decay'");
    }

    @Test
    void scheduleParametersAreValidated() {
        assertMentions(error("sgd", Map.of("schedule", "exp")), "'schedule'", "'exp'", "constant, cosine, warmup_cosine, step");
        assertMentions(error("sgd", Map.of("schedule", "cosine")), "'decay_steps'", "required", "cosine");
        assertMentions(error("sgd", Map.of("schedule", "cosine", "decay_steps", 0)), "'decay_steps'", ">= 1");
        assertMentions(error("sgd", Map.of("schedule", "cosine", "decay_steps", 10, "alpha", 2)), "'alpha'", "2.0");
        assertMentions(error("sgd", Map.of("schedule", "warmup_cosine", "decay_steps", 10)), "'warmup_steps'", ">= 1");
        assertMentions(error("sgd", Map.of("schedule", "warmup_cosine", "warmup_steps", 10, "decay_steps", 10)),
                "'decay_steps'", ">= 11");
        assertMentions(error("sgd", Map.of("warmup_steps", 2.5)), "'warmup_steps'", "2.5", "integer");
        assertMentions(error("sgd", Map.of("warmup_steps", -1)), "'warmup_steps'", "-1");
        assertMentions(error("sgd", Map.of("schedule", "step")), "'step_size'", "required");
        assertMentions(error("sgd", Map.of("schedule", "step", "step_size", 5, "gamma", 0)), "'gamma'", "> 0");
        assertMentions(error("sgd", Map.of("schedule", "step", "boundaries", "5,3")), "'boundaries'", "'5,3'", "increasing");
        assertMentions(error("sgd", Map.of("schedule", "step", "boundaries", "5", "step_size", 2)), "'step_size'");
        assertMentions(error("sgd", Map.of("schedule", "step", "boundaries", "5,10,")), "'boundaries'", "'5,10,'", "empty element");
    }

    @Test
    void unknownAndInapplicableKeysAreRejected() {
        assertMentions(error("sgd", Map.of("learning_rate", 0.1)), "'learning_rate'", "allowed parameters", "lr");
        assertMentions(error("adam", Map.of("momentum", 0.9)), "'momentum'", "'adam'", "beta1");
        assertMentions(error("sgd", Map.of("weight_decay", 0.1)), "'weight_decay'", "'sgd'");
        assertMentions(error("sgd", Map.of("decay_steps", 100)), "'decay_steps'", "'constant'");
        assertMentions(error("sgd", Map.of("optimizer", "adam")), "'optimizer'", "'adam'", "'sgd'");
    }

    @Test
    void nullValuesAreAbsent() {
        Map<String, Object> p = new HashMap<>();
        p.put("lr", null);
        p.put("momentum", null);
        OptimizerCatalogs.create(o, "momentum", p);
        OptimizerCatalogs.create(o, "sgd", null);
    }

    @Test
    void typedFactoriesValidateToo() {
        Schedule lr = Schedule.constant(0.1);
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Optimizers.momentum(o, lr, 0)).getMessage(), "'momentum'");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Optimizers.nesterov(o, lr, 0)).getMessage(), "'momentum'");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> Optimizers.adam(o, lr, 0.9, 1.0, 1e-8)).getMessage(), "'beta2'");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> Optimizers.rmsprop(o, lr, 0.9, 1e-8, -0.1, false)).getMessage(), "'momentum'");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(o, null)).getMessage(), "schedule");
    }
}
