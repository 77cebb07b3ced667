package org.polymorph.shell.internal.fakes;

import java.util.List;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.shell.internal.registry.BackendSource;

/** No TensorService registered. */
public final class NoBackend implements BackendSource {
    @Override public List<BackendCatalog.Backend> registered() { return List.of(); }

    @Override public List<BackendCatalog.Absent> absent() { return List.of(); }
}
