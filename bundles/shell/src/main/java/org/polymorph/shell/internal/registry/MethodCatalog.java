package org.polymorph.shell.internal.registry;

import java.util.Optional;
import java.util.SortedMap;
import org.polymorph.core.method.Method;

/** The methods that can be run right now, by id. */
public interface MethodCatalog {
    /** A snapshot, sorted by id; for duplicate ids only the highest-ranked service. */
    SortedMap<String, Method> all();

    default Optional<Method> find(String id) {
        return Optional.ofNullable(all().get(id));
    }
}
