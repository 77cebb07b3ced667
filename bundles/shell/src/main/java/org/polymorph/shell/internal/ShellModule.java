package org.polymorph.shell.internal;

import org.osgi.framework.BundleContext;
import org.polymorph.core.run.RunService;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.shell.internal.registry.TrackedBackends;
import org.polymorph.shell.internal.registry.BackendSource;
import org.polymorph.shell.internal.registry.TrackedRunService;
import org.polymorph.shell.internal.run.ForegroundRuns;

/** Object graph of the shell bundle: the run engine and backend trackers, the console's foreground runs, Gogo commands, CLI. */
final class ShellModule extends OsgiModule {
    private final TrackedRunService runs;
    private final TrackedBackends backend;

    ShellModule(BundleContext context, TrackedRunService runs, TrackedBackends backend) {
        super(context);
        this.runs = runs;
        this.backend = backend;
    }

    @Override
    protected void configureBundle() {
        bind(RunService.class).toInstance(runs);
        bind(BackendSource.class).toInstance(backend);
        bind(ForegroundRuns.class).toInstance(new ForegroundRuns());
    }
}
