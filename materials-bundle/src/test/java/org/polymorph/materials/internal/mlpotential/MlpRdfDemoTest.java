package org.polymorph.materials.internal.mlpotential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.StillingerWeber;

/**
 * The full RDF fine-tuning experiment (about 3 minutes on one core): run with
 * {@code mvn -o test -pl materials-bundle -Dtest=MlpRdfDemoTest -Dmlp.demo=full} (or {@code fast}, about 25 s, which only checks
 * that the pipeline runs: its reduced sizes are too small for the comparison to be meaningful).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "mlp.demo", matches = "full|fast")
class MlpRdfDemoTest {
    @Test
    void fineTunedModelMatchesTheReferenceRdfBetterAtAnUnseenTemperature() {
        AD ad = new AutodiffEngines().create(new ReferenceTensorService());
        StillingerWeber sw = StillingerWeber.read(Oracles.potentialFile("Si.sw"), List.of("Si"));
        boolean full = "full".equals(System.getProperty("mlp.demo"));
        MlpRdfDemo.Report r = MlpRdfDemo.run(ad, sw, full ? MlpRdfDemo.Config.full() : MlpRdfDemo.Config.fast());
        System.out.println("MlpRdfDemo " + (full ? "full" : "fast") + ": " + r);
        assertTrue(r.test().force() < 0.5 && r.test().energyPerAtom() < 0.05, "energy/force model: " + r.test());
        assertTrue(Double.isFinite(r.l2UnseenAfter()) && Double.isFinite(r.l2FitAfter()), r.toString());
        if (full) {
            assertTrue(r.l2FitAfter() < r.l2FitBefore(), "fine-tuning improves g(r) at the fit temperature: " + r);
            assertTrue(r.l2UnseenAfter() < r.l2UnseenBefore(), "and at the unseen temperature: " + r);
        }
    }
}
