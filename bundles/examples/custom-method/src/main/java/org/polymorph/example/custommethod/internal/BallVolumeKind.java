package org.polymorph.example.custommethod.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Progress;

/**
 * The work kind {@code example.work}: a Monte Carlo estimate of the volume of the unit ball in {@code dim} dimensions
 * from {@code samples} points drawn uniformly in the cube [-1, 1]^dim with {@link SplittableRandom} seeded by the
 * item's seed: volume = 2^dim * inside / samples. Deterministic in (dim, samples, seed), so an item gives the same
 * bits on any member. {@code pause_ms} waits that long after the count (to watch items spread in the cluster view; it
 * does not change the result).
 */
@Component(service = WorkKind.class, property = WorkKind.NAME_PROPERTY + "=" + BallVolumeKind.NAME,
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class BallVolumeKind implements WorkKind {
    static final String NAME = "example.work";
    private static final int CHECK_EVERY = 1 << 16;

    @Override
    public String name() { return NAME; }

    @Override
    public Map<String, Object> run(WorkItem item, Progress progress) {
        int dim = intParam(item, "dim", 1, 20);
        long samples = intParam(item, "samples", 1, 100_000_000);
        long pause = intParam(item, "pause_ms", 0, 600_000);
        SplittableRandom random = new SplittableRandom(item.seed());
        long inside = 0;
        for (long s = 0; s < samples; s++) {
            double r2 = 0;
            for (int d = 0; d < dim; d++) {
                double x = 2 * random.nextDouble() - 1;
                r2 += x * x;
            }
            if (r2 <= 1) inside++;
            if (s % CHECK_EVERY == 0) progress.checkCancelled("sample " + s + " of " + samples);
        }
        if (pause > 0) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                progress.checkCancelled("the pause after " + samples + " samples");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inside", inside);
        out.put("samples", samples);
        out.put("volume", Math.scalb((double) inside / samples, dim));
        return out;
    }

    private static int intParam(WorkItem item, String name, long min, long max) {
        Object v = item.params().get(name);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min || n.longValue() > max) {
            throw BadInputException.forParam(name, v, "not a whole number from " + min + " to " + max, "give " + name + " in that range");
        }
        return n.intValue();
    }
}
