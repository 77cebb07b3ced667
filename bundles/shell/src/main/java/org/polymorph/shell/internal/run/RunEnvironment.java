package org.polymorph.shell.internal.run;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a run records about its surroundings.
 *
 * @param cwd the user's working directory; default run directories go to {@code cwd/runs/}
 * @param polymorphVersion version of the framework-core API bundle
 * @param backendName the active TensorService's name, empty when none is registered
 * @param clock wall clock for time stamps and directory names
 */
public record RunEnvironment(Path cwd, String polymorphVersion, Supplier<Optional<String>> backendName, Clock clock) { }
