package org.polymorph.optimizers.internal.bench;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkValues;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * The work kind {@value #NAME}: one training run of lopt.benchmark ({@link InnerTraining#losses}), a pure function of
 * the item. Parameters: {@code task} (a registered task's name), {@code steps}, {@code seed} (the seed index s: the run
 * uses {@code RandomKey.of(s)}), and the optimizer: either {@code optimizer} (a registered optimizer's name) with
 * {@code lr} (absent: its defaults), or a learned optimizer shipped by content, {@code architecture} and {@code config}
 * with {@code theta} (name → {shape, values}, θ in the file's order; absent: the architecture's initial θ from
 * {@code RandomKey.of(0)}), told the run's length. Result: {@code losses} (the minibatch loss of every step, exact
 * doubles; {@code "Infinity"} from the step a run diverged on) and {@code final_loss} ({@link Speedup#finalLoss}).
 */
public final class RunWork implements WorkKind {
    /** The kind's name. */
    public static final String NAME = "lopt.benchmark.run";

    private final BenchServices services;

    @Inject
    public RunWork(BenchServices services) { this.services = services; }

    @Override public String name() { return NAME; }

    /** The optimizer part of an item: registered optimizer {@code name} at learning rate {@code lr} (NaN: its defaults). */
    static Map<String, Object> registered(String name, double lr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", name);
        if (!Double.isNaN(lr)) m.put("lr", lr);
        return m;
    }

    /** The optimizer part of an item for learned optimizer {@code l}: its architecture, configuration and, from a file, θ. */
    static Map<String, Object> learned(LearnedSpec l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", l.optimizer().architecture());
        m.put("config", l.optimizer().config());
        if (l.file() != null) {
            Map<String, Object> theta = new LinkedHashMap<>();
            l.file().shapes().forEach((k, s) -> {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("shape", java.util.Arrays.stream(s).boxed().toList());
                t.put("values", WorkValues.reals(l.file().values().get(k)));
                theta.put(k, t);
            });
            m.put("theta", theta);
        }
        return m;
    }

    /** The item {@code id}: {@code optimizer} ({@link #registered} or {@link #learned}) on {@code task} for {@code steps} steps, seed index {@code seed}. */
    static WorkItem item(String id, String task, Map<String, Object> optimizer, int steps, int seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("task", task);
        p.put("steps", steps);
        p.put("seed", seed);
        p.putAll(optimizer);
        return new WorkItem(id, NAME, p, seed);
    }

    /** The losses of an item's result. */
    static double[] losses(Map<String, Object> value) { return WorkValues.reals(value, "losses"); }

    @Override
    public Map<String, Object> run(WorkItem item, Progress progress) {
        progress.checkCancelled("before " + item.id());
        Map<String, Object> p = item.params();
        OptimizationTask task = services.task("task", WorkValues.text(p, "task"));
        int steps = (int) WorkValues.integer(p, "steps", 1, Integer.MAX_VALUE);
        int seed = (int) WorkValues.integer(p, "seed", 0, Integer.MAX_VALUE);
        AD ad = services.ad();
        double[] losses = InnerTraining.losses(ad, task, optimizer(ad.ops(), p, steps), steps, RandomKey.of(seed));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("losses", WorkValues.reals(losses));
        out.put("final_loss", WorkValues.real(Speedup.finalLoss(losses)));
        return out;
    }

    /** The optimizer the item names, over {@code ops}. */
    private Optimizer optimizer(Ops ops, Map<String, Object> p, int steps) {
        boolean named = p.containsKey("optimizer"), learned = p.containsKey("architecture");
        if (named == learned) {
            throw BadInputException.forParam("optimizer", p.get("optimizer"), named ? "given with architecture" : "missing, and no architecture either",
                    "give either optimizer (a registered optimizer, with lr) or architecture, config and theta (a learned optimizer)");
        }
        if (named) {
            OptimizerProvider op = services.optimizer("optimizer", WorkValues.text(p, "optimizer"));
            if (!p.containsKey("lr")) return op.create(ops, Map.of());
            double lr = WorkValues.real(p, "lr");
            if (!(lr > 0 && Double.isFinite(lr))) throw BadInputException.forParam("lr", p.get("lr"), "not a finite learning rate > 0", "give e.g. lr=0.001");
            return op.create(ops, Map.of("lr", lr));
        }
        String arch = WorkValues.text(p, "architecture");
        LearnedOptimizer lopt;
        try {
            lopt = services.architecture("architecture", arch).create(WorkValues.map(p, "config"));
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("config", p.get("config"), e.getMessage(), "give a configuration architecture " + arch + " accepts");
        }
        Object init = lopt.initMetaParams(ops, RandomKey.of(0));
        return lopt.optimizer(ops, p.containsKey("theta") ? theta(ops, init, WorkValues.map(p, "theta")) : init, steps);
    }

    /** θ from the item, each tensor checked against the architecture's initial θ {@code init} (a map name → Var). */
    private static Map<String, Var> theta(Ops ops, Object init, Map<String, Object> json) {
        Map<?, ?> like = init instanceof Map<?, ?> m ? m : Map.of();
        if (!like.keySet().equals(json.keySet())) {
            throw BadInputException.forParam("theta", json.keySet(), "not the tensors of the architecture " + like.keySet(), "ship θ as the learned-optimizer file holds it");
        }
        Map<String, Var> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            String name = "theta." + e.getKey();
            if (!(e.getValue() instanceof Map<?, ?>)) throw BadInputException.forParam(name, e.getValue(), "not an object {shape, values}", "give {\"shape\": [...], \"values\": [...]}");
            @SuppressWarnings("unchecked") Map<String, Object> t = WorkValues.within((Map<String, Object>) e.getValue(), name);
            List<Object> dims = WorkValues.list(t, name + ".shape");
            List<Integer> shape = new ArrayList<>();
            for (Object d : dims) {
                if (!(d instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) throw BadInputException.forParam(name + ".shape", dims, "not a list of sizes", "give whole numbers >= 0");
                shape.add(n.intValue());
            }
            int[] s = shape.stream().mapToInt(Integer::intValue).toArray();
            if (like.get(e.getKey()) instanceof Var v && !java.util.Arrays.equals(v.shape().toArray(), s)) {
                throw BadInputException.forParam(name + ".shape", dims, "not the architecture's shape " + v.shape(), "ship θ as the learned-optimizer file holds it");
            }
            double[] values = WorkValues.reals(t, name + ".values");
            long size = 1;
            for (int d : s) size *= d;
            if (values.length != size) throw BadInputException.forParam(name + ".values", values.length + " values", "not shape " + shape + "'s " + size, "give one value per element, row-major");
            out.put(e.getKey(), ops.constant(values, s));
        }
        return out;
    }
}
