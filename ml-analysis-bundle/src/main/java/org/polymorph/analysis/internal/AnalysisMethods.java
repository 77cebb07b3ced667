package org.polymorph.analysis.internal;

import java.util.List;
import org.polymorph.analysis.internal.deq.InitStudyMethod;
import org.polymorph.analysis.internal.dks.DksQcMapsMethod;
import org.polymorph.analysis.internal.dks.DksTransformMethod;
import org.polymorph.analysis.internal.dks.TrainDeepMethod;
import org.polymorph.analysis.internal.kernels.NtkAnalyticMethod;
import org.polymorph.analysis.internal.ntk.BenchNtkMethod;
import org.polymorph.analysis.internal.ntk.NtkEmpiricalMethod;
import org.polymorph.core.method.Method;

/** The Methods this bundle registers, one line each (built by Guice, so their dependencies are injected). */
final class AnalysisMethods {
    private AnalysisMethods() { }

    static List<Class<? extends Method>> all() {
        return List.of(
                NtkEmpiricalMethod.class,
                NtkAnalyticMethod.class,
                BenchNtkMethod.class,
                DksTransformMethod.class,
                DksQcMapsMethod.class,
                TrainDeepMethod.class,
                InitStudyMethod.class);
    }
}
