package org.polymorph.launcher.internal;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What the cluster bundle says about this member: its {@code Supplier<Map>} service with
 * {@code polymorph.cluster.status=true} gives {@code id}, {@code address}, {@code name} and {@code members} (the
 * member count), or {@code error} when the member could not start. Only JDK types cross from the bundle.
 */
public final class ClusterStatus {
    static final String FILTER = "(polymorph.cluster.status=true)";

    private ClusterStatus() {
    }

    /** Waits up to {@code timeout} for the status service and returns its map now; null when it never appeared. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Map<String, Object> await(BundleContext context, Duration timeout) {
        ServiceTracker tracker;
        try {
            tracker = new ServiceTracker(context, context.createFilter(FILTER), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        try {
            Object service = tracker.waitForService(timeout.toMillis());
            return service instanceof Supplier<?> s ? (Map<String, Object>) s.get() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            tracker.close();
        }
    }
}
