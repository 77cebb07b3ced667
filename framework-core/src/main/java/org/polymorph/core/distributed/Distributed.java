package org.polymorph.core.distributed;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import org.polymorph.core.method.Progress;

/**
 * Runs independent work items and returns their results in the items' order. The core bundle registers one that
 * uses local threads; the cluster bundle registers one with a higher service ranking that spreads items over the
 * members having each item's {@link WorkKind} and hands an item to another member when its member leaves. Results are
 * keyed by item id: a retried item is counted once, and the combined results equal a single-machine run bit for bit.
 *
 * <p>Backends: an item run on this runtime's threads uses the backend of the run that called {@link #map} (the
 * run parameter {@code backend}, see {@link org.polymorph.core.tensor.Backends}). A {@link WorkItem} does not carry
 * that choice, so an item sent to another member runs on that member's default (highest-ranked) TensorService; a
 * run that needs one backend everywhere gives the members the same backends, or runs with {@code distributed=false}.
 */
@ProviderType
public interface Distributed {
    /**
     * Runs {@code items} (ids unique) and waits for all of them, reporting each finished item to {@code progress}.
     *
     * @throws org.polymorph.core.method.BadInputException when an item's kind is registered nowhere, or an item's kind
     *     rejects its parameters (the message names the item)
     * @throws WorkFailedException when an item fails where it ran
     * @throws org.polymorph.core.method.CancelledException when {@code progress} is cancelled; items in flight are abandoned
     */
    WorkResults map(List<WorkItem> items, Placement placement, Progress progress);

    /** The members, their load and the items in flight. */
    ClusterView view();
}
