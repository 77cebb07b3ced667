package org.polymorph.shell.internal;

import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.shell.internal.registry.ActiveBackend;
import org.polymorph.shell.internal.registry.BackendSource;
import org.polymorph.shell.internal.registry.MethodCatalog;
import org.polymorph.shell.internal.registry.MethodRegistry;
import org.polymorph.shell.internal.run.RunEnvironment;

/** Object graph of the shell bundle: registry and backend trackers, run engine, Gogo commands, CLI. */
final class ShellModule extends OsgiModule {
    /** System or framework property with the user's working directory (set by the launcher). */
    static final String CWD_PROPERTY = "polymorph.cwd";

    private final MethodRegistry registry;
    private final ActiveBackend backend;

    ShellModule(BundleContext context, MethodRegistry registry, ActiveBackend backend) {
        super(context);
        this.registry = registry;
        this.backend = backend;
    }

    @Override
    protected void configureBundle() {
        bind(MethodCatalog.class).toInstance(registry);
        bind(BackendSource.class).toInstance(backend);
    }

    @Provides
    @Singleton
    RunEnvironment environment(BackendSource backends) {
        String cwd = context().getProperty(CWD_PROPERTY);
        Path dir = Path.of(cwd == null || cwd.isBlank() ? System.getProperty("user.dir") : cwd);
        Bundle api = FrameworkUtil.getBundle(Method.class);
        String version = api == null ? "unknown" : api.getVersion().toString();
        return new RunEnvironment(dir.toAbsolutePath().normalize(), version, backends::name, Clock.systemDefaultZone());
    }
}
