package org.polymorph.core.internal.run;

import java.nio.file.Path;
import java.time.Clock;
import org.polymorph.core.service.BackendCatalog;

/**
 * What a run records about its surroundings.
 *
 * @param cwd the user's working directory; default run directories go to {@code cwd/runs/}, a relative
 *     {@code --out} is resolved against it
 * @param polymorphVersion version of the framework-core bundle
 * @param gitCommit the commit Polymorph was built from (embedded at build time, see {@link BuildInfo}), or "unknown"
 * @param backends the registered TensorServices, which the {@code backend} run parameter names and the default of
 *     which a run without it uses
 * @param clock wall clock for time stamps and directory names
 */
public record RunEnvironment(Path cwd, String polymorphVersion, String gitCommit, BackendCatalog backends,
                             Clock clock) { }
