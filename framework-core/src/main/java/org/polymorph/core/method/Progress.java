package org.polymorph.core.method;

import org.osgi.annotation.versioning.ConsumerType;

/** Progress reports from a running method; implementations must be cheap and thread-safe. */
@ConsumerType
public interface Progress {
    /** A progress sink that ignores everything. */
    Progress NONE = (done, total, message) -> { };

    /** {@code done} of {@code total} units (total <= 0 when unknown), with a short message. */
    void update(long done, long total, String message);

    /** A message without a count. */
    default void message(String message) { update(0, 0, message); }
}
