package org.polymorph.example.custommethod.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;

/**
 * {@code example.spread}: hands {@code items} independent {@code example.work} items (item k has seed seed + k) to the
 * {@link Distributed} service, which runs them on local threads or spreads them over the cluster's members
 * ({@code distributed=}), and combines their estimates of the unit ball's volume into one (the mean, in item order).
 * Reports where each item ran, the retries after a member left, the declines and the ignored duplicates.
 */
@Component(service = Method.class, property = Method.ID_PROPERTY + "=" + SpreadMethod.ID, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class SpreadMethod implements Method {
    static final String ID = "example.spread";

    /** The service given by a test, or null: then the registered one, looked up for each run. */
    private final Distributed distributed;

    /** For Declarative Services. */
    public SpreadMethod() { this.distributed = null; }

    /** With a given {@link Distributed} (tests). */
    SpreadMethod(Distributed distributed) {
        this.distributed = distributed;
    }

    @Override
    public String id() { return ID; }

    @Override
    public String description() {
        return "Monte Carlo volume of the unit ball from independent work items, on local threads or spread over the cluster";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("items", 8, "", 1, 10_000, "number of independent work items"),
                ParamSpec.integer("samples", 200_000, "", 1, 100_000_000, "points per item"),
                ParamSpec.integer("dim", 3, "", 1, 20, "dimension of the ball"),
                ParamSpec.integer("seed", 1, "", 0, Integer.MAX_VALUE, "seed of item 0; item k uses seed + k"),
                ParamSpec.integer("pause_ms", 0, "ms", 0, 600_000, "extra time each item waits after its count (does not change results)"),
                Placement.spec());
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory dir) {
        int n = params.getInt("items");
        int dim = params.getInt("dim");
        List<WorkItem> items = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            items.add(new WorkItem("item-" + k, BallVolumeKind.NAME, Map.of("samples", params.getInt("samples"), "dim", dim,
                    "pause_ms", params.getInt("pause_ms")), (long) params.getInt("seed") + k));
        }
        WorkResults r = distributed != null ? distributed.map(items, Placement.of(params), progress) : mapRegistered(items, params, progress);
        List<Double> volumes = new ArrayList<>();
        double sum = 0;
        for (Map<String, Object> v : r.values()) {
            double vol = ((Number) v.get("volume")).doubleValue();
            volumes.add(vol);
            sum += vol;
        }
        double mean = sum / n;
        double exact = exactVolume(dim);
        return Result.builder().put("volume", mean).put("exact", exact).put("volumes", volumes).put("ran_on", r.ranOn())
                .put("members_used", r.membersUsed()).put("retries", r.retries()).put("declined", r.declined())
                .put("duplicates", r.duplicates())
                .summary(String.format(Locale.ROOT, "volume of the unit %d-ball: %.6f (exact %.6f) from %d items", dim, mean, exact, n))
                .summary(String.format(Locale.ROOT, "ran on %d member(s); %d retried, %d declined, %d duplicate(s) ignored", r.membersUsed(),
                        r.retries(), r.declined(), r.duplicates()))
                .build();
    }

    /**
     * Runs the items on the registered {@link Distributed} service, got through the core bundle's context and given back at
     * once: Felix keeps a record of every service a bundle has got until that service is unregistered, and the core's
     * Distributed service outlives this hot-deployable bundle, so getting it through this bundle's own context (a DS
     * reference, a tracker) would keep the removed bundle and its class loader reachable for the life of the runtime.
     */
    private static WorkResults mapRegistered(List<WorkItem> items, Params params, Progress progress) {
        BundleContext core = FrameworkUtil.getBundle(Distributed.class).getBundleContext();
        ServiceReference<Distributed> ref = core.getServiceReference(Distributed.class);
        Distributed service = ref == null ? null : core.getService(ref);
        if (service == null) throw new IllegalStateException("no Distributed service is registered; check that org.polymorph.core is active (lb)");
        try {
            return service.map(items, Placement.of(params), progress);
        } finally {
            core.ungetService(ref);
        }
    }

    /** V_d = pi^(d/2) / Gamma(d/2 + 1), by V_0 = 1, V_1 = 2, V_d = V_(d-2) * 2 pi / d. */
    static double exactVolume(int dim) {
        double v = dim % 2 == 0 ? 1 : 2;
        for (int d = dim % 2 == 0 ? 2 : 3; d <= dim; d += 2) v *= 2 * Math.PI / d;
        return v;
    }
}
