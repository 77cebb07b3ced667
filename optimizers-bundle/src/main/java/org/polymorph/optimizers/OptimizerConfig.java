package org.polymorph.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.ListSyntax;
import org.polymorph.core.method.ParamSpec;

/**
 * The values given to an {@link OptimizerProvider}, checked against its hyper-parameters: every key
 * must be one of them, or, for an optimizer with a learning rate {@code lr}, one of the schedule keys
 * ({@link #SCHEDULE_PARAMS}) that apply to the chosen schedule; a key may also repeat the optimizer's
 * name as {@code optimizer}. Values may be Numbers, Booleans or Strings; a null value counts as
 * absent, and absent keys take the defaults of their specs. Range checks belong to the optimizer's
 * constructor, so that the typed factories and this path give the same messages.
 */
public final class OptimizerConfig {
    /** The names of the learning-rate schedules {@link #learningRate()} builds. */
    public static final List<String> SCHEDULES = List.of("constant", "cosine", "warmup_cosine", "step");

    /** The schedule keys accepted next to {@code lr}, with their defaults (null: required by the schedules that use it). */
    public static final List<ParamSpec> SCHEDULE_PARAMS = List.of(
            ParamSpec.choice("schedule", "constant", SCHEDULES, "learning-rate schedule"),
            ParamSpec.integer("warmup_steps", 0, "steps", 0, Integer.MAX_VALUE, "linear warmup from 0 (any schedule)"),
            ParamSpec.integer("decay_steps", null, "steps", 1, Integer.MAX_VALUE,
                    "cosine, warmup_cosine: the step at which lr reaches alpha * lr (counts the warmup)"),
            ParamSpec.real("alpha", 0.0, "", 0, 1, "cosine, warmup_cosine: the final fraction of lr"),
            ParamSpec.integer("step_size", null, "steps", 1, Integer.MAX_VALUE, "step: multiply lr by gamma every step_size steps"),
            ParamSpec.real("gamma", 0.1, "", 0, 1, "step: the factor per decay"),
            ParamSpec.text("boundaries", "", "step: increasing steps at which lr is multiplied by gamma, instead of step_size"));

    private static final Map<String, List<String>> SCHEDULE_ONLY_KEYS = Map.of(
            "constant", List.of(),
            "cosine", List.of("decay_steps", "alpha"),
            "warmup_cosine", List.of("decay_steps", "alpha"),
            "step", List.of("step_size", "gamma", "boundaries"));

    private final String optimizer;
    private final Map<String, ParamSpec> specs = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    private OptimizerConfig(String optimizer, List<ParamSpec> hyperParameters, Map<String, ?> config) {
        this.optimizer = optimizer;
        for (ParamSpec p : hyperParameters) specs.put(p.name(), p);
        if (config != null) {
            config.forEach((k, v) -> {
                if (k == null) throw new IllegalArgumentException("parameter names must not be null");
                if (v != null) values.put(k, v);
            });
        }
    }

    /**
     * {@code config} checked for the optimizer {@code optimizer} with {@code hyperParameters}.
     *
     * @throws IllegalArgumentException for a key that does not apply, naming it, its value and the allowed keys
     */
    public static OptimizerConfig of(String optimizer, List<ParamSpec> hyperParameters, Map<String, ?> config) {
        OptimizerConfig c = new OptimizerConfig(optimizer, hyperParameters, config);
        Object repeated = c.values.remove("optimizer");
        if (repeated != null && !optimizer.equals(String.valueOf(repeated).trim().toLowerCase(Locale.ROOT))) {
            throw Check.bad("optimizer", repeated, "the same optimizer as the name given, '" + optimizer + "'");
        }
        c.checkKeys();
        return c;
    }

    /** The number {@code key}, or its spec's default. */
    public double number(String key) {
        Object v = values.get(key);
        if (v == null) return ((Number) spec(key).defaultValue()).doubleValue();
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof String s) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw Check.bad(key, v, "a number");
            }
        } else {
            throw Check.bad(key, v, "a number");
        }
        return Check.finite(key, d);
    }

    /** The boolean {@code key} (true/false, any case), or its spec's default. */
    public boolean flag(String key) {
        Object v = values.get(key);
        if (v == null) return (Boolean) spec(key).defaultValue();
        if (v instanceof Boolean b) return b;
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        throw Check.bad(key, v, "true or false");
    }

    /**
     * The learning rate: {@code lr} (> 0) under the schedule named by {@code schedule} (constant by
     * default) with {@code warmup_steps} of linear warmup from 0; cosine and warmup_cosine take
     * {@code decay_steps} (required) and {@code alpha}; step takes {@code gamma} and either
     * {@code step_size} or {@code boundaries} (a list or "a,b,c").
     */
    public Schedule learningRate() {
        return schedule(scheduleName(), Check.positive("lr", number("lr")));
    }

    private ParamSpec spec(String key) {
        ParamSpec p = specs.get(key);
        for (ParamSpec q : SCHEDULE_PARAMS) if (p == null && q.name().equals(key)) p = q;
        if (p == null) throw new IllegalStateException("optimizer '" + optimizer + "' reads '" + key + "' but does not list it");
        return p;
    }

    private String scheduleName() {
        Object v = values.getOrDefault("schedule", "constant");
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (!SCHEDULES.contains(s)) throw Check.bad("schedule", v, "one of " + String.join(", ", SCHEDULES));
        return s;
    }

    private void checkKeys() {
        boolean scheduled = specs.containsKey("lr");
        String sched = scheduled ? scheduleName() : null;
        List<String> allowed = new ArrayList<>(specs.keySet());
        if (scheduled) {
            allowed.addAll(List.of("schedule", "warmup_steps"));
            allowed.addAll(SCHEDULE_ONLY_KEYS.get(sched));
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' = " + e.getValue()
                        + " does not apply to optimizer '" + optimizer + "'" + (scheduled ? " with schedule '" + sched + "'" : "")
                        + "; allowed parameters: " + String.join(", ", allowed));
            }
        }
    }

    private Schedule schedule(String sched, double lr) {
        long warmup = integer("warmup_steps", 0, 0);
        switch (sched) {
            case "constant": return Schedule.withWarmup(warmup, 0.0, Schedule.constant(lr));
            case "cosine": case "warmup_cosine": {
                if (sched.equals("warmup_cosine") && warmup < 1) {
                    throw Check.bad("warmup_steps", warmup, "an integer >= 1 for schedule 'warmup_cosine'");
                }
                long decaySteps = required("decay_steps", sched);
                Check.atLeast("decay_steps", decaySteps, warmup + 1);
                double alpha = Check.range("alpha", number("alpha"), 0, 1);
                return Schedule.warmupCosineDecay(0.0, lr, warmup, decaySteps, alpha * lr);
            }
            case "step": {
                double gamma = Check.positive("gamma", number("gamma"));
                Schedule after;
                if (values.containsKey("boundaries")) {
                    if (values.containsKey("step_size")) {
                        throw Check.bad("step_size", values.get("step_size"), "absent when 'boundaries' is given (use one of the two)");
                    }
                    long[] b = boundaries();
                    double[] scales = new double[b.length];
                    java.util.Arrays.fill(scales, gamma);
                    after = Schedule.piecewise(lr, b, scales);
                } else {
                    after = Schedule.stepDecay(lr, required("step_size", sched), gamma);
                }
                return Schedule.withWarmup(warmup, 0.0, after);
            }
            default: throw new IllegalStateException("schedule '" + sched + "' is in SCHEDULES but not built here");
        }
    }

    private long integer(String key, long dflt, long min) {
        if (!values.containsKey(key)) return dflt;
        Object v = values.get(key);
        double d;
        try {
            d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw Check.bad(key, v, "an integer >= " + min);
        }
        if (d != Math.rint(d) || Math.abs(d) > 1e15) throw Check.bad(key, values.get(key), "an integer >= " + min);
        return Check.atLeast(key, (long) d, min);
    }

    private long required(String key, String sched) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("parameter '" + key + "' is required for schedule '" + sched + "'");
        }
        return integer(key, 0, 1);
    }

    /** A List of integers or a comma-separated string, strictly increasing. */
    private long[] boundaries() {
        Object v = values.get("boundaries");
        List<?> items = v instanceof List<?> l ? l
                : ListSyntax.elements("boundaries", String.valueOf(v), String.valueOf(v), "increasing integers >= 0, comma-separated (e.g. 1000,2000)");
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            Object item = items.get(i);
            double d;
            try {
                d = item instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(item).trim());
            } catch (NumberFormatException e) {
                throw Check.bad("boundaries", v, "increasing integers >= 0, as a list or comma-separated");
            }
            if (d != Math.rint(d) || d < 0 || (i > 0 && d <= out[i - 1])) {
                throw Check.bad("boundaries", v, "increasing integers >= 0, as a list or comma-separated");
            }
            out[i] = (long) d;
        }
        if (out.length == 0) throw Check.bad("boundaries", v, "at least one integer");
        return out;
    }
}
