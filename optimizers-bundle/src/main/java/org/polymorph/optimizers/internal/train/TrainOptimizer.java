package org.polymorph.optimizers.internal.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerChoice;
import org.polymorph.optimizers.OptimizerProvider;

/**
 * The optimizer of an nn.train run, from the registered providers: {@code lr} and the schedule
 * keys go to an optimizer that takes a learning rate; {@code momentum} and {@code weight_decay} go
 * to one that lists them, and only when they differ from nn.train's defaults (so rmsprop keeps its
 * own momentum 0). A value set for an optimizer that does not take it is bad input naming the
 * parameter and the optimizers present now that do take it. {@code optimizer=name:argument} passes the
 * argument to a provider that takes one ({@link OptimizerChoice}), and {@code num_steps} = steps goes to
 * one that lists it.
 */
final class TrainOptimizer {
    private static final List<String> OPTIONAL = List.of("momentum", "weight_decay");
    /** The training length, given to an optimizer that lists it (a learned optimizer's step features). */
    private static final String NUM_STEPS = "num_steps";

    private TrainOptimizer() { }

    static Optimizer build(Ops o, TrainMethod.Settings s, Method m, ServiceCatalog<OptimizerProvider> catalog) {
        OptimizerChoice.Chosen chosen = OptimizerChoice.resolve(catalog, "optimizer", s.optimizer());
        OptimizerProvider p = chosen.provider();
        Map<String, Object> c = new LinkedHashMap<>();
        if (!chosen.argument().isEmpty()) c.put(OptimizerChoice.ARGUMENT, chosen.argument());
        if (takes(p, NUM_STEPS)) c.put(NUM_STEPS, s.steps());
        if (takes(p, "lr")) {
            c.put("lr", s.lr());
            c.put("schedule", s.schedule());
            if (s.warmup() > 0) c.put("warmup_steps", s.warmup());
            switch (s.schedule()) {
                case "cosine", "warmup_cosine" -> c.put("decay_steps", s.steps());
                case "step" -> {
                    c.put("step_size", s.stepSize() > 0 ? s.stepSize() : Math.max(1, s.steps() / 3));
                    c.put("gamma", s.gamma());
                }
                case "constant" -> { }
                default -> throw new IllegalStateException("nn.train passes no keys for schedule " + s.schedule());
            }
        } else {
            for (String k : List.of("lr", "schedule", "warmup_steps")) {
                if (!String.valueOf(valueOf(s, k)).equals(String.valueOf(TrainMethod.Settings.defaultOf(m, k)))) {
                    throw notTaken(k, valueOf(s, k), s.optimizer(), "lr", catalog);
                }
            }
        }
        for (String k : OPTIONAL) {
            double v = ((Number) valueOf(s, k)).doubleValue();
            if (v == ((Number) TrainMethod.Settings.defaultOf(m, k)).doubleValue()) continue;
            if (!takes(p, k)) throw notTaken(k, v, s.optimizer(), k, catalog);
            c.put(k, v);
        }
        try {
            return p.create(o, c);
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private static boolean takes(OptimizerProvider p, String key) {
        for (ParamSpec h : p.hyperParameters()) if (h.name().equals(key)) return true;
        return false;
    }

    private static BadInputException notTaken(String key, Object value, String optimizer, String needs,
                                              ServiceCatalog<OptimizerProvider> catalog) {
        List<String> takers = new ArrayList<>();
        for (String name : catalog.names()) catalog.find(name).filter(q -> takes(q, needs)).ifPresent(q -> takers.add(name));
        return BadInputException.forParam(key, value, "optimizer " + optimizer + " does not take it (it applies to "
                + (takers.isEmpty() ? "no optimizer registered now" : String.join(", ", takers)) + ")",
                takers.isEmpty() ? "leave " + key + " out" : "use optimizer=" + takers.get(0) + " or leave " + key + " out");
    }

    private static Object valueOf(TrainMethod.Settings s, String key) {
        return switch (key) {
            case "lr" -> s.lr();
            case "schedule" -> s.schedule();
            case "warmup_steps" -> s.warmup();
            case "momentum" -> s.momentum();
            case "weight_decay" -> s.weightDecay();
            default -> throw new IllegalStateException("nn.train has no optimizer parameter " + key);
        };
    }
}
