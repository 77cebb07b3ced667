package org.polymorph.shell.internal.registry;

import java.util.Map;
import java.util.Optional;
import org.polymorph.core.tensor.TensorService;

/** Where the active TensorService comes from (the service registry, or a fake in tests). */
public interface BackendSource {
    /** The highest-ranked TensorService, empty when none is registered. */
    Optional<TensorService> service();

    /** Its service properties (service.ranking, polymorph.backend, ...); empty when none. */
    Map<String, Object> properties();

    /** Number of registered TensorServices. */
    int count();

    default Optional<String> name() {
        return service().map(TensorService::name);
    }
}
