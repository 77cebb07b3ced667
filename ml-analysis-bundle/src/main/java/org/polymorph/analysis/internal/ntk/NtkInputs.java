package org.polymorph.analysis.internal.ntk;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.polymorph.analysis.network.Inputs;
import org.polymorph.analysis.network.Network;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.analysis.network.NpyFiles;
import org.polymorph.analysis.ntk.NtkImplementation;
import org.polymorph.analysis.ntk.NtkOptions;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The network, inputs, parameters and options of an {@code ntk.empirical} run from its parameters: x1 from
 * {@code x1=} (default {@code random:8,<input_shape>}), x2 from {@code x2=} (default x1), parameters from {@code params=}
 * (.npz) or drawn from {@code seed=}; axes lists as "-1", "1,2" or "" (none).
 */
record NtkInputs(Network network, Tensor x1, Tensor x2, List<Map<String, Tensor>> params, NtkOptions options) {

    static NtkInputs from(Params p, TensorService ts, ServiceCatalog<DatasetProvider> datasets, Path cwd) {
        RandomKey key = RandomKey.of(p.getInt("seed"));
        NetworkSpec spec = NetworkSpec.parse(p.getString("layers"));
        String shapeText = p.getString("input_shape").trim();
        String x1Spec = p.getString("x1").trim();
        int[] inputShape = shapeText.isEmpty() ? null : ints("input_shape", shapeText);
        if (x1Spec.isEmpty()) x1Spec = "random:8," + (inputShape == null ? "8" : shapeText);
        Tensor x1 = Inputs.load("x1", x1Spec, inputShape, ts, key.foldIn(1), datasets, cwd);
        if (inputShape == null) inputShape = Arrays.copyOfRange(x1.shape().toArray(), 1, x1.rank());
        String x2Spec = p.getString("x2").trim();
        Tensor x2 = x2Spec.isEmpty() ? null : Inputs.load("x2", x2Spec, inputShape, ts, key.foldIn(2), datasets, cwd);
        Network network = new Network(spec, inputShape);
        String paramsFile = p.getString("params").trim();
        List<Map<String, Tensor>> params = paramsFile.isEmpty() ? network.init(ts, key)
                : NpyFiles.unflatten(NpyFiles.readNpz(ts, cwd.resolve(paramsFile)), network);
        NtkImplementation impl = NtkImplementation.parse(p.getString("implementation"));
        NtkOptions options = new NtkOptions(impl, ints("trace_axes", p.getString("trace_axes")),
                ints("diagonal_axes", p.getString("diagonal_axes")), p.getInt("batch_size"), true);
        return new NtkInputs(network, x1, x2, params, options);
    }

    /** "1,-1" → {1, -1}; "" → {}. */
    static int[] ints(String param, String text) {
        String t = text.trim();
        if (t.isEmpty()) return new int[0];
        try {
            return Arrays.stream(t.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw BadInputException.forParam(param, text, "is not a comma-separated list of integers",
                    "give integers separated by commas, e.g. " + param + "=-1 or " + param + "=1,2, or leave it empty");
        }
    }
}
