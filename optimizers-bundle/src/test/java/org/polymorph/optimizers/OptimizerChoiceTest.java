package org.polymorph.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/** OptimizerChoice.create hands a provider its argument and exactly the offered keys it lists. */
class OptimizerChoiceTest {
    private final Ops ops = new AutodiffEngines().create(new ReferenceTensorService()).ops();
    private final List<Map<String, ?>> seen = new ArrayList<>();

    /** A provider listing {@code keys} that records each configuration and builds SGD at lr 0.1 (or refuses lr < 0). */
    private OptimizerProvider recording(String name, List<ParamSpec> keys) {
        return new OptimizerProvider() {
            @Override public String name() { return name; }
            @Override public String description() { return "records its configuration"; }
            @Override public List<ParamSpec> hyperParameters() { return keys; }
            @Override public Optimizer create(Ops o, Map<String, ?> config) {
                seen.add(new LinkedHashMap<>(config));
                if (config.get("lr") instanceof Number n && n.doubleValue() < 0) throw new IllegalArgumentException("lr must be >= 0");
                return Optimizers.sgd(o, Schedule.constant(0.1));
            }
        };
    }

    private ServiceCatalog<OptimizerProvider> catalog() {
        return ServiceCatalog.of("optimizer", List.of(
                recording("plain", List.of(ParamSpec.real("lr", 0.01, "", 0, 10, "learning rate"))),
                recording("filed", List.of(ParamSpec.text(OptimizerChoice.ARGUMENT, "", "file"),
                        ParamSpec.integer("num_steps", 0, "steps", 0, Integer.MAX_VALUE, "run length")))), OptimizerProvider::name);
    }

    @Test
    void passesTheArgumentAndOnlyTheOfferedKeysTheProviderLists() {
        ServiceCatalog<OptimizerProvider> c = catalog();
        assertEquals(List.of("plain", "filed:"), OptimizerChoice.choices(c));
        Map<String, Object> offered = Map.of("lr", 0.3, "num_steps", 7);
        OptimizerChoice.create(ops, c, "optimizer", "plain", offered, "");
        OptimizerChoice.create(ops, c, "optimizer", "filed: run1/opt.lopt", offered, "");
        assertEquals(List.of(Map.of("lr", 0.3), Map.of(OptimizerChoice.ARGUMENT, "run1/opt.lopt", "num_steps", 7)), seen);
    }

    @Test
    void badValuesAndARefusedConfigurationNameTheParameter() {
        ServiceCatalog<OptimizerProvider> c = catalog();
        BadInputException unknown = assertThrows(BadInputException.class, () -> OptimizerChoice.create(ops, c, "opt", "lion", Map.of(), ""));
        assertEquals("opt", unknown.parameter().orElse(null));
        BadInputException noArg = assertThrows(BadInputException.class, () -> OptimizerChoice.create(ops, c, "opt", "filed", Map.of(), ""));
        assertTrue(noArg.getMessage().contains("opt=filed:<file>"), noArg.getMessage());
        BadInputException refused = assertThrows(BadInputException.class,
                () -> OptimizerChoice.create(ops, c, "opt", "plain", Map.of("lr", -1.0), "give lr >= 0"));
        assertEquals("opt", refused.parameter().orElse(null));
        assertTrue(refused.getMessage().contains("lr must be >= 0") && refused.getMessage().contains("give lr >= 0"), refused.getMessage());
    }
}
