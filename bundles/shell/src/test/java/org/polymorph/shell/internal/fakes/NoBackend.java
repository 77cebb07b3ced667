package org.polymorph.shell.internal.fakes;

import java.util.Map;
import java.util.Optional;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.shell.internal.registry.BackendSource;

/** No TensorService registered. */
public final class NoBackend implements BackendSource {
    @Override public Optional<TensorService> service() { return Optional.empty(); }

    @Override public Map<String, Object> properties() { return Map.of(); }

    @Override public int count() { return 0; }
}
