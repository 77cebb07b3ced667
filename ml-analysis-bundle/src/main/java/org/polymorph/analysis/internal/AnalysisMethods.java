package org.polymorph.analysis.internal;

import java.util.List;
import org.polymorph.core.method.Method;

/** The Methods this bundle registers, one line each (built by Guice, so their dependencies are injected). */
final class AnalysisMethods {
    private AnalysisMethods() { }

    static List<Class<? extends Method>> all() {
        return List.of(
                org.polymorph.analysis.internal.dks.DksTransformMethod.class,
                org.polymorph.analysis.internal.dks.DksQcMapsMethod.class,
                org.polymorph.analysis.internal.dks.TrainDeepMethod.class
        );
    }
}
