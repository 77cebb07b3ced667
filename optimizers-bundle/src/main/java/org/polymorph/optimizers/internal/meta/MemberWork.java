package org.polymorph.optimizers.internal.meta;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkValues;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * The work kind {@value #NAME}: one population member's estimate at one outer step of lopt.meta_train
 * ({@link Estimator#estimate}). The item holds what the estimate depends on: the estimator's name, the learned
 * optimizer (its registered architecture and configuration), the tasks (registered names, in the run's order), the
 * length schedule and initial offset, the root key, truncation length, σ, the meta-loss reduction and BPTT's
 * checkpointing; θ, the outer step, the member's index and its state ({@link StateJson}). Its result: the estimate (θ's
 * leaves), the meta-loss and the member's next state, which {@link #contribution} reads back into the
 * {@link Estimator.Contribution} the estimate on this thread gives, bit for bit.
 */
public final class MemberWork implements WorkKind {
    /** The kind's name. */
    public static final String NAME = "lopt.meta.member";

    private final Supplier<AD> engines;
    private final ServiceCatalog<LearnedOptimizerArchitecture> architectures;
    private final ServiceCatalog<OptimizationTask> tasks;

    @Inject
    public MemberWork(Provider<TensorService> tensors, Provider<AutodiffService> autodiff, ServiceCatalog<LearnedOptimizerArchitecture> architectures,
                      ServiceCatalog<OptimizationTask> tasks) {
        this(() -> autodiff.get().create(tensors.get()), architectures, tasks);
    }

    /** An engine per call from {@code engines}; the architectures and tasks the items name. */
    MemberWork(Supplier<AD> engines, ServiceCatalog<LearnedOptimizerArchitecture> architectures, ServiceCatalog<OptimizationTask> tasks) {
        this.engines = engines;
        this.architectures = architectures;
        this.tasks = tasks;
    }

    @Override public String name() { return NAME; }

    /** The parameters every item of a run shares: {@code estimator} and {@code s} (less its engines). */
    static Map<String, Object> shared(Estimator estimator, Estimator.Setup s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimator", estimator.name());
        m.put("architecture", s.lopt().architecture());
        m.put("config", s.lopt().config());
        m.put("tasks", s.tasks().tasks().stream().map(OptimizationTask::name).toList());
        m.put("min_length", s.tasks().lengths().min());
        m.put("max_length", s.tasks().lengths().max());
        m.put("initial_offset", s.tasks().initialOffset());
        m.put("root", List.of(s.root().k0(), s.root().k1()));
        m.put("truncation", s.truncation());
        m.put("std", s.std());
        m.put("loss", s.reduction().name().toLowerCase(java.util.Locale.ROOT));
        m.put("checkpoint", s.checkpoint());
        return m;
    }

    /** The item of member {@code member} at outer step {@code step}: {@code shared} ({@link #shared}), θ and the member's state. */
    static WorkItem item(Map<String, Object> shared, TensorService ts, Frozen theta, long step, int member, Estimator.Member state, long seed) {
        Map<String, Object> p = new LinkedHashMap<>(shared);
        p.put("theta", StateJson.write(ts, theta));
        p.put("outer_step", step);
        p.put("member", member);
        p.put("state", StateJson.write(ts, state));
        return new WorkItem("step" + step + "-member" + member, NAME, p, seed);
    }

    @Override
    public Map<String, Object> run(WorkItem item, Progress progress) {
        progress.checkCancelled("before " + item.id());
        Map<String, Object> p = item.params();
        Estimator.Setup s = setup(p);
        String name = WorkValues.text(p, "estimator");
        Estimator estimator = MetaTrainMethod.ESTIMATORS.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                BadInputException.forParam("estimator", name, "not an estimator", "use one of " + MetaTrainMethod.ESTIMATORS.stream().map(Estimator::name).toList()));
        Ops o = s.engines().get().ops();
        Frozen theta = StateJson.read(o, Shapes.theta(o, s.lopt()), WorkValues.required(p, "theta"), "theta");
        long step = WorkValues.integer(p, "outer_step", 0, Long.MAX_VALUE);
        int member = (int) WorkValues.integer(p, "member", 0, Integer.MAX_VALUE);
        Estimator.Member state = StateJson.member(o, s.lopt(), theta, s.tasks(), p.get("state"), "state");
        Estimator.Contribution c = estimator.estimate(s, theta, step, member, state);
        TensorService ts = o.tensors();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("grad", StateJson.write(ts, c.grad()));
        out.put("loss", WorkValues.real(c.loss()));
        out.put("next", StateJson.write(ts, c.next()));
        return out;
    }

    /** The contribution of an item's result {@code value}, its trees shaped by {@code s}'s learned optimizer and tasks at {@code theta}. */
    static Estimator.Contribution contribution(Ops o, Estimator.Setup s, Frozen theta, Map<String, Object> value) {
        return new Estimator.Contribution(StateJson.read(o, Shapes.theta(o, s.lopt()), value.get("grad"), "grad"), WorkValues.real(value, "loss"),
                StateJson.member(o, s.lopt(), theta, s.tasks(), value.get("next"), "next"));
    }

    /** The setup an item describes, over this member's engines, architectures and tasks. */
    private Estimator.Setup setup(Map<String, Object> p) {
        String arch = WorkValues.text(p, "architecture");
        LearnedOptimizer lopt;
        try {
            lopt = architectures.get("architecture", arch).create(WorkValues.map(p, "config"));
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("config", p.get("config"), e.getMessage(), "give a configuration architecture " + arch + " accepts");
        }
        List<OptimizationTask> chosen = new ArrayList<>();
        for (Object t : WorkValues.list(p, "tasks")) chosen.add(tasks.get("tasks", String.valueOf(t)));
        if (chosen.isEmpty()) throw BadInputException.forParam("tasks", "[]", "no task", "name at least one task");
        long min = WorkValues.integer(p, "min_length", 1, Long.MAX_VALUE);
        long max = WorkValues.integer(p, "max_length", min, Long.MAX_VALUE);
        List<Object> root = WorkValues.list(p, "root");
        if (root.size() != 2 || !(root.get(0) instanceof Long k0) || !(root.get(1) instanceof Long k1)) {
            throw BadInputException.forParam("root", root, "not two 64-bit integers", "give the root key [k0, k1]");
        }
        String loss = WorkValues.text(p, "loss");
        if (!loss.equals("mean") && !loss.equals("final")) throw BadInputException.forParam("loss", loss, "not a meta-loss reduction", "give mean or final");
        double std = WorkValues.real(p, "std");
        if (!(std >= 0 && Double.isFinite(std))) throw BadInputException.forParam("std", std, "not a finite value >= 0", "give σ of the perturbations");
        return new Estimator.Setup(engines, new TaskDistribution(chosen, new LogUniformLengthSchedule(min, max), WorkValues.integer(p, "initial_offset", 0, Long.MAX_VALUE)),
                lopt, new RandomKey(k0, k1), (int) WorkValues.integer(p, "truncation", 0, Integer.MAX_VALUE), std,
                loss.equals("mean") ? MetaLoss.Reduction.MEAN : MetaLoss.Reduction.FINAL, WorkValues.bool(p, "checkpoint"));
    }
}
