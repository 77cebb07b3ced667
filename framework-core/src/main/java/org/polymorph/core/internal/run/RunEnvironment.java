package org.polymorph.core.internal.run;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a run records about its surroundings.
 *
 * @param cwd the user's working directory; default run directories go to {@code cwd/runs/}, a relative
 *     {@code --out} is resolved against it
 * @param polymorphVersion version of the framework-core bundle
 * @param gitCommit the commit Polymorph was built from (embedded at build time, see {@link BuildInfo}), or "unknown"
 * @param backendName the active TensorService's name, empty when none is registered
 * @param clock wall clock for time stamps and directory names
 */
public record RunEnvironment(Path cwd, String polymorphVersion, String gitCommit, Supplier<Optional<String>> backendName,
                             Clock clock) { }
