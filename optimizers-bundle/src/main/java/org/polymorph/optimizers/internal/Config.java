package org.polymorph.optimizers.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.polymorph.autodiff.Ops;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Schedule;

/**
 * Builds an optimizer and its schedule from names and numbers (the parameters of {@code nn.train}).
 * Values may be Numbers, Booleans or Strings; a null value counts as absent. Every key must be
 * known and must apply to the chosen optimizer and schedule; defaults are PyTorch's/optax's.
 */
public final class Config {
    public static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop");
    public static final List<String> SCHEDULES = List.of("constant", "cosine", "warmup_cosine", "step");

    private static final List<String> SCHEDULE_KEYS =
            List.of("schedule", "warmup_steps", "decay_steps", "alpha", "step_size", "gamma", "boundaries");
    private static final Map<String, List<String>> OPTIMIZER_KEYS = Map.of(
            "sgd", List.of("lr"),
            "momentum", List.of("lr", "momentum"),
            "nesterov", List.of("lr", "momentum"),
            "adam", List.of("lr", "beta1", "beta2", "eps"),
            "adamw", List.of("lr", "beta1", "beta2", "eps", "weight_decay"),
            "rmsprop", List.of("lr", "decay", "eps", "momentum", "centered"));
    private static final Map<String, List<String>> SCHEDULE_ONLY_KEYS = Map.of(
            "constant", List.of(),
            "cosine", List.of("decay_steps", "alpha"),
            "warmup_cosine", List.of("decay_steps", "alpha"),
            "step", List.of("step_size", "gamma", "boundaries"));

    private final Map<String, Object> values = new LinkedHashMap<>();

    private Config(Map<String, ?> params) {
        if (params != null) {
            params.forEach((k, v) -> {
                if (k == null) throw new IllegalArgumentException("parameter names must not be null");
                if (v != null) values.put(k, v);
            });
        }
    }

    /** The optimizer {@code name} configured by {@code params} (which may repeat it as "optimizer"). */
    public static Optimizer optimizer(Ops ops, String name, Map<String, ?> params) {
        Config c = new Config(params);
        String opt = c.choice("optimizer", name, OPTIMIZERS);
        Object repeated = c.values.remove("optimizer");
        if (repeated != null && !opt.equals(String.valueOf(repeated).trim().toLowerCase(Locale.ROOT))) {
            throw Check.bad("optimizer", repeated, "the same optimizer as the name given, '" + opt + "'");
        }
        String sched = c.choice("schedule", c.values.getOrDefault("schedule", "constant"), SCHEDULES);
        c.checkKeys(opt, sched);
        double lrDefault = opt.startsWith("adam") ? 1e-3 : 1e-2;
        Schedule lr = c.schedule(sched, Check.positive("lr", c.number("lr", lrDefault)));
        switch (opt) {
            case "sgd": return new Sgd(ops, lr, 0, false);
            case "momentum": return new Sgd(ops, lr, positiveDecay(c.number("momentum", 0.9)), false);
            case "nesterov": return new Sgd(ops, lr, positiveDecay(c.number("momentum", 0.9)), true);
            case "adam":
                return new Adam(ops, lr, c.number("beta1", 0.9), c.number("beta2", 0.999), c.number("eps", 1e-8), 0);
            case "adamw":
                return new Adam(ops, lr, c.number("beta1", 0.9), c.number("beta2", 0.999), c.number("eps", 1e-8),
                        c.number("weight_decay", 1e-4));
            default:
                return new RmsProp(ops, lr, c.number("decay", 0.99), c.number("eps", 1e-8),
                        c.number("momentum", 0), c.bool("centered", false));
        }
    }

    private static double positiveDecay(double m) {
        if (!(m > 0 && m < 1)) throw Check.bad("momentum", m, "a number in (0, 1)");
        return m;
    }

    private void checkKeys(String opt, String sched) {
        Set<String> known = new LinkedHashSet<>(List.of("optimizer"));
        OPTIMIZER_KEYS.values().forEach(known::addAll);
        known.addAll(SCHEDULE_KEYS);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String k = e.getKey();
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown parameter '" + k + "' = " + e.getValue()
                        + "; allowed parameters: " + String.join(", ", known));
            }
            boolean forOpt = OPTIMIZER_KEYS.get(opt).contains(k);
            boolean forSched = k.equals("schedule") || k.equals("warmup_steps") || SCHEDULE_ONLY_KEYS.get(sched).contains(k);
            if (!forOpt && !forSched) {
                List<String> allowed = new ArrayList<>(OPTIMIZER_KEYS.get(opt));
                allowed.addAll(List.of("schedule", "warmup_steps"));
                allowed.addAll(SCHEDULE_ONLY_KEYS.get(sched));
                throw new IllegalArgumentException("parameter '" + k + "' = " + e.getValue()
                        + " does not apply to optimizer '" + opt + "' with schedule '" + sched
                        + "'; allowed parameters: " + String.join(", ", allowed));
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
                double alpha = Check.range("alpha", number("alpha", 0.0), 0, 1);
                return Schedule.warmupCosineDecay(0.0, lr, warmup, decaySteps, alpha * lr);
            }
            default: {
                double gamma = Check.positive("gamma", number("gamma", 0.1));
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
        }
    }

    private String choice(String key, Object value, List<String> allowed) {
        String s = value == null ? "" : String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(s)) throw Check.bad(key, value, "one of " + String.join(", ", allowed));
        return s;
    }

    private double number(String key, double dflt) {
        Object v = values.get(key);
        if (v == null) return dflt;
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

    private long integer(String key, long dflt, long min) {
        if (!values.containsKey(key)) return dflt;
        double d = number(key, dflt);
        if (d != Math.rint(d) || Math.abs(d) > 1e15) throw Check.bad(key, values.get(key), "an integer >= " + min);
        return Check.atLeast(key, (long) d, min);
    }

    private long required(String key, String sched) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("parameter '" + key + "' is required for schedule '" + sched + "'");
        }
        return integer(key, 0, 1);
    }

    private boolean bool(String key, boolean dflt) {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        throw Check.bad(key, v, "true or false");
    }

    /** A List of integers or a comma-separated string, strictly increasing. */
    private long[] boundaries() {
        Object v = values.get("boundaries");
        List<?> items = v instanceof List<?> l ? l : List.of(String.valueOf(v).split(","));
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
