package org.polymorph.materials.internal.crystal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.distributed.WorkTally;
import org.polymorph.core.method.Progress;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * Stage 4 of crystal.predict: the subcells not yet relaxed, in checkpoint batches of {@code every}, each handed out
 * {@code chunk} at a time as {@link RelaxWork} items to the Distributed service (or, without one, relaxed one after
 * another on this thread), the checkpoint written after each batch; a cancelled batch's finished subcells are lost.
 */
final class SubcellBatches {
    /** Writes the checkpoint of the outcomes so far. */
    @FunctionalInterface
    interface Save {
        void save(List<SubcellRelaxer.Outcome> done) throws IOException;
    }

    private final Distributed distributed;
    private final Placement placement;
    private final WorkTally tally;

    /** {@code distributed}: where the items run, null for this thread. */
    SubcellBatches(Distributed distributed, Placement placement) {
        this.distributed = distributed;
        this.placement = placement;
        this.tally = distributed == null ? null : new WorkTally(placement);
    }

    /** Where the items ran, for result.json; null when they ran on this thread. */
    Map<String, Object> facts() { return tally == null ? null : tally.facts(); }

    /**
     * Relaxes {@code subcells} from {@code done.size()} on under {@code pot} ({@code shipped}: it as an item carries it,
     * {@link RelaxWork#potential}) and {@code criteria}, adding to {@code done}.
     */
    void relax(List<Atoms> subcells, List<SubcellRelaxer.Outcome> done, Potential pot, Map<String, Object> shipped, Criteria criteria, int every, int chunk,
               Progress progress, Save save) throws IOException {
        SubcellRelaxer relaxer = new SubcellRelaxer(pot, criteria);
        while (done.size() < subcells.size()) {
            int end = Math.min(done.size() + every, subcells.size());
            while (done.size() < end) {
                int from = done.size();
                int to = Math.min(end, from + chunk);
                if (distributed == null) {
                    for (int k = from; k < to; k++) {
                        progress.checkCancelled("subcell " + k + " of " + subcells.size() + " (the checkpoint holds the batches done)");
                        done.add(relaxer.relax(subcells.get(k)));
                    }
                    continue;
                }
                List<WorkItem> items = new ArrayList<>();
                for (int k = from; k < to; k++) items.add(RelaxWork.item(k, subcells.get(k), shipped, criteria));
                WorkResults r = tally.add(distributed.map(items, placement, new Progress() {
                    @Override public void update(long n, long total, String message) {
                        progress.update(from + n, subcells.size(), "relaxed " + (from + n) + " of " + subcells.size() + " subcells");
                    }

                    @Override public boolean cancelled() { return progress.cancelled(); }
                }));
                for (int k = from; k < to; k++) done.add(RelaxWork.outcome(subcells.get(k), r.values().get(k - from)));
            }
            save.save(done);
            progress.update(done.size(), subcells.size(), "relaxed " + done.size() + " of " + subcells.size() + " subcells");
            Checkpoint.writeIfCancelled(progress, "subcell " + done.size() + " of " + subcells.size(), () -> { });
        }
    }
}
