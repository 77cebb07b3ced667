package org.polymorph.shell.internal.registry;

import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.core.run.MethodCatalog;
import org.polymorph.core.run.RunHandle;
import org.polymorph.core.run.RunListener;
import org.polymorph.core.run.RunRequest;
import org.polymorph.core.run.RunService;

/** The {@link RunService} of the core bundle, looked up in the service registry at each call. */
public final class TrackedRunService implements RunService {
    static final String MISSING = "the run engine (RunService of bundle org.polymorph.core) is not registered; "
            + "is org.polymorph.core active? see: lb";

    private final ServiceTracker<RunService, RunService> tracker;

    public TrackedRunService(BundleContext context) {
        this.tracker = new ServiceTracker<>(context, RunService.class, null);
    }

    public void open() { tracker.open(); }

    public void close() { tracker.close(); }

    private RunService service() {
        RunService s = tracker.getService();
        if (s == null) throw new IllegalStateException(MISSING);
        return s;
    }

    @Override public RunHandle submit(RunRequest request, RunListener listener) { return service().submit(request, listener); }

    @Override public MethodCatalog methods() { return service().methods(); }

    @Override public List<RunHandle> runs() { return service().runs(); }
}
