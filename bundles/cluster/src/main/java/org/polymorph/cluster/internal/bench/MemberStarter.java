package org.polymorph.cluster.internal.bench;

import java.time.Duration;
import org.polymorph.core.method.Progress;

/** Starts the extra members bench.cluster measures with: each joins the member at a given address. */
public interface MemberStarter extends AutoCloseable {
    /**
     * Starts one more member that joins {@code join} (host:port) and returns when it reported that it is in the cluster;
     * while it waits it checks {@code progress} for cancellation.
     *
     * @return seconds from the start to that report
     * @throws java.io.IOException when it could not start or did not report within {@code timeout}
     */
    double start(String join, Duration timeout, Progress progress) throws Exception;

    /** Stops every member started here (also when a run failed or was cancelled). */
    @Override
    void close();
}
