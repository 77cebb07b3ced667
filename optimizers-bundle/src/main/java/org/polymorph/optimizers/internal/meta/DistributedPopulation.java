package org.polymorph.optimizers.internal.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.distributed.WorkTally;
import org.polymorph.core.method.Progress;

/**
 * A {@link MetaTrainer.Population} whose members are {@link MemberWork} items on the Distributed service (local threads,
 * or the members of a cluster), {@code threads} of them handed out at once (0: the whole population), and whose tally
 * says where they ran.
 */
final class DistributedPopulation implements MetaTrainer.Population {
    private final Distributed distributed;
    private final Placement placement;
    private final WorkTally tally;
    private final long seed;
    private Map<String, Object> shared;

    /** {@code seed}: the run's, recorded as each item's seed (the items' randomness comes from the root key they carry). */
    DistributedPopulation(Distributed distributed, Placement placement, long seed) {
        this.distributed = distributed;
        this.placement = placement;
        this.tally = new WorkTally(placement);
        this.seed = seed;
    }

    WorkTally tally() { return tally; }

    @Override
    public List<Estimator.Contribution> estimate(MetaTrainer.Config config, Frozen theta, long step, List<Estimator.Member> members, Progress progress) {
        if (shared == null) shared = MemberWork.shared(config.estimator(), config.setup());
        Ops o = config.setup().engines().get().ops();
        int chunk = config.threads() > 0 ? config.threads() : members.size();
        List<Estimator.Contribution> out = new ArrayList<>(members.size());
        for (int from = 0; from < members.size(); from += chunk) {
            int to = Math.min(members.size(), from + chunk);
            List<WorkItem> items = new ArrayList<>();
            for (int m = from; m < to; m++) items.add(MemberWork.item(shared, o.tensors(), theta, step, m, members.get(m), seed));
            int base = from;
            WorkResults r = tally.add(distributed.map(items, placement, new Progress() {
                @Override public void update(long done, long total, String message) {
                    progress.message("outer step " + (step + 1) + ": " + (base + done) + " of " + members.size() + " members estimated");
                }

                @Override public boolean cancelled() { return progress.cancelled(); }
            }));
            for (Map<String, Object> v : r.values()) out.add(MemberWork.contribution(o, config.setup(), theta, v));
        }
        return out;
    }
}
