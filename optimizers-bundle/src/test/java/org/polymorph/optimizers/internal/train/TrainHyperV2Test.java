package org.polymorph.optimizers.internal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.data.DatasetCatalogs;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.internal.ClassicalOptimizers;
import org.polymorph.optimizers.internal.learned.LearnedOptimizerProvider;
import org.polymorph.optimizers.internal.learned.HyperV2Architecture;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;

/** nn.train with a loss-aware learned optimizer (hyper_v2) passes it the loss of every step. */
class TrainHyperV2Test {
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final ServiceCatalog<LearnedOptimizerArchitecture> catalog =
            ServiceCatalog.of("learned-optimizer architecture", List.of(new HyperV2Architecture()), LearnedOptimizerArchitecture::name);

    @TempDir Path tmp;

    @Test
    void everyStepPassesItsLoss() throws Exception {
        LearnedOptimizer lopt = catalog.get("architecture", "hyper_v2").create(Map.of("lstm_hidden_size", 4, "param_inits", 2));
        Path f = tmp.resolve("hyper.lopt");
        LearnedOptimizerFile.write(f, lopt, lopt.initMetaParams(new AutodiffEngines().create(ts).ops(), RandomKey.of(6)), Map.of());
        List<OptimizerProvider> all = new ArrayList<>(ClassicalOptimizers.all());
        all.add(new LearnedOptimizerProvider(catalog));
        TrainMethod method = new TrainMethod(() -> ts, () -> new AutodiffEngines(),
                ServiceCatalog.of("optimizer", all, OptimizerProvider::name), DatasetCatalogs.standard());
        Map<String, String> raw = new HashMap<>(Map.of("hidden", "4", "steps", "12", "batch", "16", "seed", "1",
                "optimizer", "learned:" + f, "dataset", "spirals:n=100", "eval_every", "12", "checkpoint_every", "12"));
        Path dir = tmp.resolve("run");
        Result r = method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir));
        assertTrue(Double.isFinite(((Number) r.values().get("final_loss")).doubleValue()));
        List<Tensor> state = Checkpoint.read(ts, dir.resolve(Checkpoint.FILE)).state();
        // hyper_v2's state flattens to: steps, momenta, rms, h, c, loss averages, their minima, losses seen
        assertEquals(12.0, ts.toDoubleArray(state.get(0))[0]);
        assertEquals(12.0, ts.toDoubleArray(state.get(state.size() - 1))[0], "losses seen by the optimizer");
    }
}
