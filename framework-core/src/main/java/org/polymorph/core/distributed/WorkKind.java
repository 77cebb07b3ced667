package org.polymorph.core.distributed;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.core.method.Progress;
import org.polymorph.core.runtime.Json;

/**
 * A kind of work item a bundle can run, registered as an OSGi service with {@value #NAME_PROPERTY} = {@link #name()}
 * (e.g. {@code ff.fit.weighting}). A member that has no service of an item's kind declines the item. {@link #run}
 * must be deterministic in the item (its parameters and seed): a retried item gives the same result on any member.
 */
@ConsumerType
public interface WorkKind {
    /** Service property holding the kind's name. */
    String NAME_PROPERTY = "polymorph.work.kind";

    /** The kind's name, {@code domain.what}. */
    String name();

    /**
     * Runs one item and returns its result as JSON values (maps, lists, numbers, strings, booleans). Throws
     * {@link org.polymorph.core.method.BadInputException} for parameters it cannot use and honours
     * {@link Progress#checkCancelled}.
     */
    Map<String, Object> run(WorkItem item, Progress progress);

    /**
     * Runs {@code item} on {@code kind} and returns the result as it reads back from its JSON text: what every
     * {@link Distributed} implementation hands back, so that where an item ran never changes a bit of its result.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> runCanonical(WorkKind kind, WorkItem item, Progress progress) {
        Map<String, Object> result = kind.run(item, progress);
        if (result == null) throw new IllegalStateException("work kind " + kind.name() + " returned no result for item " + item.id());
        return (Map<String, Object>) Json.parse(Json.write(result, false));
    }
}
