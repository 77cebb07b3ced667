package org.polymorph.core.internal.run;

import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.Backends;

/**
 * The backend a run asked for with the reserved parameter {@value Backends#PARAM}, or none (the default backend).
 * Resolved once when the run is submitted, so that a value that names no backend is bad input before anything is
 * written, and again when the run starts, since a queued run may start after the registry changed.
 *
 * @param requested the value given ({@code cpu}, {@code cuda}, {@code nd4j-cpu}, ...), or null
 */
record BackendChoice(String requested) {
    /**
     * The name of the backend the run uses: the one {@link #requested} names, else the highest-ranked one; null
     * when none was asked for and none is registered (a Method that needs one then fails as it did before).
     *
     * @throws org.polymorph.core.method.BadInputException when the requested backend is unknown or not available
     */
    String resolve(BackendCatalog backends) {
        if (requested == null) return backends.defaultBackend().map(BackendCatalog.Backend::name).orElse(null);
        return backends.select(requested, BackendCatalog.PROBE_WAIT).name();
    }
}
