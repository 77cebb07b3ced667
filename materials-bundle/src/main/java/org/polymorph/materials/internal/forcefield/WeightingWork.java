package org.polymorph.materials.internal.forcefield;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkValues;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.work.ShippedFiles;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.optimizers.OptimizerProvider;

/**
 * The work kind {@value #NAME}: one weighting of ff.fit's {@code sweep=} ({@link Sweep#run}), fitted from the start and
 * every target evaluated at the result. The item holds the whole fit: style, element, free parameters, bounds, the
 * starting potential file by content, the targets ({@link TargetJson}), optimizer (a learned optimizer's file by
 * content), steps, learning rate, the weighting, and the fit's seed as the item's seed. Its result: the fitted
 * parameters (file order), the final loss, the steps run and each target's model values (NaN where it cannot be
 * evaluated), which {@link #row} turns back into the {@link Sweep.Row} a serial sweep makes, bit for bit.
 */
public final class WeightingWork implements WorkKind {
    /** The kind's name. */
    public static final String NAME = "ff.fit.weighting";

    private final Supplier<AD> ad;
    private final ServiceCatalog<OptimizerProvider> optimizers;
    private final PotentialCatalog potentials;

    /** An engine per item, over the TensorService active then; the optimizers and pair styles present then. */
    public WeightingWork(Supplier<AD> ad, ServiceCatalog<OptimizerProvider> optimizers, PotentialCatalog potentials) {
        this.ad = ad;
        this.optimizers = optimizers;
        this.potentials = potentials;
    }

    @Override public String name() { return NAME; }

    /** The item of weighting {@code k} ({@code w}) of {@code fit}. */
    static WorkItem item(Fit fit, Sweep.Weighting w, int k) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("style", fit.style());
        p.put("element", fit.element());
        p.put("free", fit.free());
        Map<String, Object> bounds = new LinkedHashMap<>();
        fit.bounds().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> bounds.put(e.getKey(), WorkValues.reals(e.getValue())));
        p.put("bounds", bounds);
        p.put("potential_file", ShippedFiles.of(fit.potentialFile()));
        p.put("targets", TargetJson.write(fit.targets()));
        String[] opt = fit.optimizer().split(":", 2);
        p.put("optimizer", opt[0]);
        if (opt.length == 2 && Files.isRegularFile(Path.of(opt[1].trim()))) p.put("optimizer_file", ShippedFiles.of(Path.of(opt[1].trim())));
        else if (opt.length == 2) p.put("optimizer_argument", opt[1]);
        p.put("steps", fit.steps());
        p.put("lr", fit.learningRate());
        Map<String, Object> weights = new LinkedHashMap<>();
        w.weights().forEach(weights::put);
        p.put("weighting", weights);
        return new WorkItem("weighting-" + (k + 1), NAME, p, fit.seed());
    }

    @Override
    public Map<String, Object> run(WorkItem item, Progress progress) {
        Path scratch = ShippedFiles.scratch();
        try {
            Fit fit = fit(item.params(), item.seed(), scratch);
            Sweep.Weighting w = weighting(item.params(), fit.targets());
            Sweep.Row r;
            try {
                r = Sweep.run(ad.get(), potentials, optimizers, fit, w, cp -> progress.checkCancelled(item.id() + ", step " + cp.step() + " of " + fit.steps()));
            } catch (BadInputException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage(), e);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("fitted", WorkValues.reals(r.fitted()));
            out.put("loss", WorkValues.real(r.lossFinal()));
            out.put("steps", r.steps());
            List<Object> values = new ArrayList<>();
            for (double[] v : r.values()) values.add(WorkValues.reals(v));
            out.put("values", values);
            return out;
        } finally {
            ShippedFiles.delete(scratch);
        }
    }

    /** The row of weighting {@code w} from its item's result {@code value}. */
    static Sweep.Row row(Sweep.Weighting w, Map<String, Object> value) {
        List<Object> vs = WorkValues.list(value, "values");
        double[][] values = new double[vs.size()][];
        for (int t = 0; t < values.length; t++) values[t] = WorkValues.reals(vs.get(t), "values[" + t + "]");
        return new Sweep.Row(w, WorkValues.reals(value, "fitted"), WorkValues.real(value, "loss"),
                (int) WorkValues.integer(value, "steps", 0, Integer.MAX_VALUE), values);
    }

    /** The fit an item describes, its files written under {@code scratch}. */
    private static Fit fit(Map<String, Object> p, long seed, Path scratch) {
        Path file = ShippedFiles.materialize(WorkValues.required(p, "potential_file"), scratch, "potential_file");
        List<String> free = new ArrayList<>();
        List<Object> names = WorkValues.list(p, "free");
        for (int i = 0; i < names.size(); i++) {
            if (!(names.get(i) instanceof String s)) throw BadInputException.forParam("free[" + i + "]", names.get(i), "not a parameter name", "give the file's names as strings");
            free.add(s);
        }
        Map<String, double[]> bounds = new LinkedHashMap<>();
        WorkValues.map(p, "bounds").forEach((k, v) -> bounds.put(k, WorkValues.reals(v, "bounds." + k)));
        String optimizer = WorkValues.text(p, "optimizer");
        if (p.containsKey("optimizer_file")) optimizer += ":" + ShippedFiles.materialize(p.get("optimizer_file"), scratch, "optimizer_file");
        else if (p.containsKey("optimizer_argument")) optimizer += ":" + WorkValues.text(p, "optimizer_argument");
        List<Target> targets = TargetJson.read(WorkValues.required(p, "targets"), "targets", scratch);
        try {
            return new Fit(WorkValues.text(p, "style"), file, WorkValues.text(p, "element"), free, bounds, targets, optimizer,
                    (int) WorkValues.integer(p, "steps", 0, 100_000), WorkValues.real(p, "lr"), seed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("work item of " + NAME + ": " + e.getMessage(), e);
        }
    }

    private static Sweep.Weighting weighting(Map<String, Object> p, List<Target> targets) {
        Map<String, Double> w = new LinkedHashMap<>();
        WorkValues.map(p, "weighting").forEach((k, v) -> {
            double x = WorkValues.real(v, "weighting." + k);
            if (!(x >= 0 && Double.isFinite(x))) throw BadInputException.forParam("weighting." + k, v, "not a finite weight >= 0", "give a weight >= 0");
            if (targets.stream().noneMatch(t -> t.kind().equals(k))) {
                throw BadInputException.forParam("weighting." + k, v, "'" + k + "' is not a target of this fit", "weight the kinds of its targets");
            }
            w.put(k, x);
        });
        return new Sweep.Weighting(w);
    }
}
