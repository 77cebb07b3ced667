package org.polymorph.shell.internal.registry;

import java.util.List;
import org.polymorph.core.service.BackendCatalog;

/** Where the registered TensorServices come from (the service registry, or a fake in tests). */
public interface BackendSource {
    /** The registered backends, highest ranking first: the first is the default (active) one. */
    List<BackendCatalog.Backend> registered();

    /** Backends a bundle may register and has not, with the reason (e.g. cuda without a driver). */
    List<BackendCatalog.Absent> absent();
}
