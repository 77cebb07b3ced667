package org.polymorph.analysis.internal.kernels;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.polymorph.analysis.kernels.KernelPair;
import org.polymorph.analysis.kernels.Kernels;
import org.polymorph.analysis.network.Inputs;
import org.polymorph.analysis.network.Network;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.analysis.network.NpyFiles;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.Timing;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * ntk.analytic: the infinite-width NNGP and NTK (n1, n2) of a {@code layers=} network between x1 and x2, by the stax
 * layer recursions of {@link Kernels}; writes {@code nngp.npy} and/or {@code ntk.npy} (float64). Random inputs use the
 * same keys as ntk.empirical ({@code RandomKey.of(seed)}: foldIn(1) for x1, foldIn(2) for x2), so one seed gives the
 * same x in both Methods and their kernels can be compared directly.
 */
public final class NtkAnalyticMethod implements Method {
    static final String ID = "ntk.analytic";
    static final String DEFAULT_LAYERS = "dense(out=512,w_std=1.5,b_std=0.05),relu,dense(out=512,w_std=1.5,b_std=0.05),relu,"
            + "dense(out=1,w_std=1.5,b_std=0.05)";

    private final Provider<TensorService> tensors;
    private final ServiceCatalog<DatasetProvider> datasets;

    @Inject
    public NtkAnalyticMethod(Provider<TensorService> tensors, ServiceCatalog<DatasetProvider> datasets) {
        this.tensors = tensors;
        this.datasets = datasets;
    }

    @Override public String id() { return ID; }

    @Override
    public String description() {
        return "Infinite-width NNGP and NTK (n1, n2; dimensionless, units of the outputs squared) of a layers= network "
                + "(neural-tangents stax recursions), written as nngp.npy / ntk.npy";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("layers", DEFAULT_LAYERS, "network, e.g. dense(out=512,w_std=1.5),relu,dense(out=1) "
                        + "(stax conventions; widths do not matter in the limit); must end without spatial axes"),
                ParamSpec.text("input_shape", "", "one example's shape, e.g. 8 or 8,8,3 (default: x1's; 8 for random x1)"),
                ParamSpec.text("x1", "", "inputs: a .npy file, random:n,d1,... or dataset:<name>[:n] (default random:8,<input_shape>)"),
                ParamSpec.text("x2", "", "second inputs, as x1 (default: x1)"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "seed of random inputs"),
                ParamSpec.choice("kernel", "both", List.of("nngp", "ntk", "both"), "which kernels to write"),
                ParamSpec.integer("quadrature", 48, "points", 2, 512,
                        "quadrature nodes per direction for tanh, gelu, sigmoid (closed forms elsewhere)"),
                ParamSpec.choice("spatial", "auto", List.of("auto", "diagonal", "full"),
                        "image covariances: between equal pixels only (diagonal), all pixel pairs (full), or as stax "
                                + "chooses (auto: full only when the network pools)"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory runDirectory) throws Exception {
        TensorService ts = tensors.get();
        Path cwd = Path.of("").toAbsolutePath();
        RandomKey key = RandomKey.of(p.getInt("seed"));
        NetworkSpec spec = NetworkSpec.parse(p.getString("layers"));
        String shapeText = p.getString("input_shape").trim();
        int[] inputShape = shapeText.isEmpty() ? null : shape(shapeText);
        String x1Spec = p.getString("x1").trim();
        if (x1Spec.isEmpty()) x1Spec = "random:8," + (shapeText.isEmpty() ? "8" : shapeText);
        Tensor x1 = Inputs.load("x1", x1Spec, inputShape, ts, key.foldIn(1), datasets, cwd);
        if (inputShape == null) inputShape = Arrays.copyOfRange(x1.shape().toArray(), 1, x1.rank());
        String x2Spec = p.getString("x2").trim();
        Tensor x2 = x2Spec.isEmpty() ? null : Inputs.load("x2", x2Spec, inputShape, ts, key.foldIn(2), datasets, cwd);
        Network network = new Network(spec, inputShape);   // checks the layers fit the input shape
        Kernels.SpatialForm form = Kernels.SpatialForm.valueOf(p.getString("spatial").toUpperCase(java.util.Locale.ROOT));
        progress.message("infinite-width kernels of " + network);
        long t0 = System.nanoTime();
        KernelPair k = new Kernels(ts, p.getInt("quadrature")).compute(spec, x1, x2, form, (done, total) -> {
            progress.update(done, total, "layers");
            progress.checkCancelled("layer " + done + " of " + total);
        });
        double seconds = (System.nanoTime() - t0) * 1e-9;
        String which = p.getString("kernel");
        List<String> files = new ArrayList<>();
        if (!which.equals("ntk")) {
            runDirectory.writeFile("nngp.npy", f -> NpyFiles.write(ts, f, k.nngp()));
            files.add("nngp.npy");
        }
        if (!which.equals("nngp")) {
            runDirectory.writeFile("ntk.npy", f -> NpyFiles.write(ts, f, k.ntk()));
            files.add("ntk.npy");
        }
        double[] nngp = ts.toDoubleArray(k.nngp());
        double[] ntk = ts.toDoubleArray(k.ntk());
        int n2 = k.ntk().dim(1);
        return Result.builder()
                .put("shape", k.ntk().shape().toArray())
                .put("layers", spec.text())
                .put("files", files)
                .put("nngp_00", nngp[0])
                .put("ntk_00", ntk[0])
                .put("ntk_mean", Arrays.stream(ntk).average().orElse(Double.NaN))
                .put("wall_s", Timing.round(seconds, 4))
                .summary("kernels " + k.ntk().dim(0) + "x" + n2 + " in " + Timing.round(seconds, 3) + " s: "
                        + String.join(", ", files))
                .build();
    }

    private static int[] shape(String text) {
        try {
            return Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw BadInputException.forParam("input_shape", text, "is not a comma-separated list of integers",
                    "give one example's shape, e.g. input_shape=8 or input_shape=8,8,3");
        }
    }
}
