package org.polymorph.analysis.internal.ntk;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.analysis.network.NpyFiles;
import org.polymorph.analysis.ntk.Ntk;
import org.polymorph.analysis.ntk.NtkImplementation;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.Timing;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * ntk.empirical: the finite-width NTK of a {@code layers=} network at x1, x2 by Jacobian contraction, NTK-vector
 * products or structured derivatives (arXiv 2206.08720); writes ntk.npy (float64) and params.npz, and reports the
 * wall time, the memory and, with check=true, the largest difference to the other implementations.
 */
public final class NtkEmpiricalMethod implements Method {
    static final String DEFAULT_LAYERS = "dense(out=512,w_std=1.5,b_std=0.05),relu,dense(out=512,w_std=1.5,b_std=0.05),relu,"
            + "dense(out=1,w_std=1.5,b_std=0.05)";
    private final Provider<TensorService> service;
    private final AutodiffService autodiff;
    private final ServiceCatalog<DatasetProvider> datasets;

    @Inject
    public NtkEmpiricalMethod(Provider<TensorService> service, AutodiffService autodiff, ServiceCatalog<DatasetProvider> datasets) {
        this.service = service;
        this.autodiff = autodiff;
        this.datasets = datasets;
    }

    @Override public String id() { return "ntk.empirical"; }

    @Override public String description() {
        return "empirical NTK of a finite network (ntk.npy, float64, (n1, n2[, out, out])); wall time s, peak heap bytes";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("layers", DEFAULT_LAYERS, "network, e.g. dense(out=512,w_std=1.5),relu,dense(out=1) (stax conventions)"),
                ParamSpec.text("input_shape", "", "one example's shape, e.g. 8 or 8,8,3 (default: x1's; 8 for random x1)"),
                ParamSpec.text("x1", "", "inputs: a .npy file, random:n,d1,... or dataset:<name>[:n] (default random:8,<input_shape>)"),
                ParamSpec.text("x2", "", "second inputs, as x1 (default: x1)"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "seed of the parameters and random inputs"),
                ParamSpec.text("params", "", "parameters (.npz: <layer>.w, <layer>.b in stax layouts) instead of drawing them"),
                ParamSpec.choice("implementation", "auto", List.of("jc", "vp", "sd", "auto"),
                        "jc: Jacobian contraction, vp: NTK-vector products, sd: structured derivatives, auto: fewest estimated FLOPs"),
                ParamSpec.text("trace_axes", "-1", "output axes summed over (-1: the last; empty: none)"),
                ParamSpec.text("diagonal_axes", "", "output axes kept only on their diagonal (empty: none)"),
                ParamSpec.integer("batch_size", 0, "rows", 0, 1_000_000, "rows of x1 and x2 per tile (0: one tile)"),
                ParamSpec.bool("check", false, "also run the other implementations and report their max |difference|"));
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory runDirectory) throws Exception {
        TensorService ts = service.get();
        AD ad = autodiff.create(ts);
        NtkInputs in = NtkInputs.from(params, ts, datasets, Path.of("").toAbsolutePath());
        Ntk ntk = Ntk.of(ad, in.network(), in.options());
        NtkImplementation used = ntk.resolve(in.params(), in.x1(), in.x2());
        progress.message("NTK by " + used.id() + " of " + in.network());
        long t0 = System.nanoTime();
        MemoryMeter.Measured<Tensor> m = MemoryMeter.measure(() -> ntk.compute(in.params(), in.x1(), in.x2(), (done, total) -> {
            progress.update(done, total, "NTK blocks");
            progress.checkCancelled("NTK block " + done + " of " + total);
        }));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        Tensor theta = m.value();
        runDirectory.writeFile("ntk.npy", p -> NpyFiles.write(ts, p, theta));
        runDirectory.writeFile("params.npz", p -> NpyFiles.writeNpz(ts, p, NpyFiles.flatten(in.params())));
        Map<String, Object> flops = new LinkedHashMap<>();
        ntk.estimatedFlops(in.params(), in.x1(), in.x2()).forEach((k, v) -> flops.put(k.id(), v));
        Map<String, Object> bytes = new LinkedHashMap<>();
        ntk.estimatedBytes(in.params(), in.x1(), in.x2()).forEach((k, v) -> bytes.put(k.id(), Math.round(v)));
        Result.Builder r = Result.builder()
                .put("shape", theta.shape().toArray())
                .put("implementation", used.id())
                .put("layers", in.network().spec().text())
                .put("parameters", in.network().parameterCount())
                .put("wall_s", Timing.round(seconds, 4))
                .put("peak_memory_bytes", m.usage().peakHeapBytes())
                .put("memory", m.usage().asMap())
                .put("estimated_flops", flops)
                .put("estimated_bytes", bytes)
                .summary(String.format(Locale.ROOT, "NTK %s by %s in %.3f s, peak heap +%d bytes (sampled), %d parameters",
                        theta.shape(), used.id(), seconds, m.usage().peakHeapBytes(), in.network().parameterCount()));
        if (params.getBoolean("check")) {
            Map<String, Object> diffs = new LinkedHashMap<>();
            double[] ref = ts.toDoubleArray(theta);
            for (NtkImplementation other : List.of(NtkImplementation.JC, NtkImplementation.VP, NtkImplementation.SD)) {
                if (other == used) continue;
                progress.checkCancelled("the check by " + other.id());
                progress.message("check: NTK by " + other.id());
                double[] k = ts.toDoubleArray(Ntk.of(ad, in.network(), in.options().withImplementation(other))
                        .compute(in.params(), in.x1(), in.x2()));
                double d = 0;
                for (int i = 0; i < k.length; i++) d = Math.max(d, Math.abs(k[i] - ref[i]));
                diffs.put(other.id(), d);
            }
            r.put("max_abs_diff", diffs).summary("max |difference| to the other implementations: " + diffs);
        }
        return r.build();
    }
}
