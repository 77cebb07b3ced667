package org.polymorph.optimizers.internal.learned;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.optimizers.OptimizerConfig;

/**
 * The hyper-parameters of {@code hyper_v2}, named as learned_optimization's {@code HyperV2}
 * constructor (research/general_lopt/hyper_v2.py) names them; defaults are small-scale (VeLO itself
 * used lstm_hidden_size 512 and param_inits 256).
 *
 * @param lstmHiddenSize  H, the per-tensor LSTM's width
 * @param ffHiddenSize    h, the width of the per-parameter MLP's hidden layers
 * @param ffHiddenLayers  the number of hidden layers of the per-parameter MLP (>= 1)
 * @param paramInits      K, the number of per-parameter MLP weight sets the LSTM mixes
 * @param expMult         the magnitude output's multiplier inside exp (hyper_v2 0.001)
 * @param stepMult        the step's overall multiplier (hyper_v2 0.001)
 * @param paramScaleMult  whether the step is scaled by the tensor's rms parameter value
 * @param rmsFeatures     whether the per-parameter MLP also reads the second-moment features m·rsqrt(rms + 10⁻⁶) per
 *                        momentum, rsqrt(rms + 10⁻⁶) and g·rsqrt(rms + 10⁻⁶) (hyper_v2's with_rms_norm_g,
 *                        with_rsqrt_rms and with_rms_only_norm_g; Adam's direction is among its inputs); files written
 *                        before this setting existed have it false
 * @param startLr         0: θ drawn as Haiku draws it; above 0 (with rms_features): θ starts as per-tensor normalised
 *                        Adam with this learning rate ({@link HyperV2#initMetaParams}), for meta-training to change
 */
record HyperV2Config(int lstmHiddenSize, int ffHiddenSize, int ffHiddenLayers, int paramInits, double expMult,
                     double stepMult, boolean paramScaleMult, boolean rmsFeatures, double startLr) {
    static final String NAME = "hyper_v2";

    static final List<ParamSpec> SPECS = List.of(
            ParamSpec.integer("lstm_hidden_size", 32, "", 1, 4096, "width H of the per-tensor LSTM"),
            ParamSpec.integer("ff_hidden_size", 4, "", 2, 1024, "width of the per-parameter MLP's hidden layers"),
            ParamSpec.integer("ff_hidden_layers", 2, "", 1, 8, "hidden layers of the per-parameter MLP"),
            ParamSpec.integer("param_inits", 8, "", 1, 1024, "number K of per-parameter MLP weight sets mixed per tensor"),
            ParamSpec.real("exp_mult", 0.001, "", 0, 1, "step = direction * exp(exp_mult * magnitude) * step_mult * ..."),
            ParamSpec.real("step_mult", 0.001, "", 1e-12, 1e3, "overall step multiplier"),
            ParamSpec.bool("param_scale_mult", true, "scale each tensor's step by sqrt(mean(p^2) + 1e-9)"),
            ParamSpec.bool("rms_features", true, "per-parameter inputs m*rsqrt(rms), rsqrt(rms), g*rsqrt(rms) as hyper_v2.py (Adam's direction among them)"),
            ParamSpec.real("start_lr", 0.0, "", 0, 10, "0: theta drawn at random; > 0: theta starts as per-tensor normalised Adam"
                    + " with this learning rate (needs rms_features)"));

    /** The keys of configurations written before rms_features and start_lr existed. */
    private static final List<String> FIRST_KEYS = List.of("lstm_hidden_size", "ff_hidden_size", "ff_hidden_layers", "param_inits",
            "exp_mult", "step_mult", "param_scale_mult");

    HyperV2Config {
        check("lstm_hidden_size", lstmHiddenSize);
        check("ff_hidden_size", ffHiddenSize);
        check("ff_hidden_layers", ffHiddenLayers);
        check("param_inits", paramInits);
        check("exp_mult", expMult);
        check("step_mult", stepMult);
        check("start_lr", startLr);
        if (startLr > 0 && !rmsFeatures) {
            throw new IllegalArgumentException("parameter 'start_lr' = " + startLr + " needs rms_features=true (Adam's direction is one of those inputs)");
        }
    }

    /**
     * {@code config} checked against {@link #SPECS} (unknown keys, types and ranges), defaults filled in. A complete
     * configuration from before {@code rms_features} existed (every other key present, as a learned-optimizer file
     * stores {@link #asMap}) reads as {@code rms_features=false}, the per-parameter inputs its θ was trained with.
     */
    static HyperV2Config parse(Map<String, ?> config) {
        if (!config.containsKey("rms_features") && config.keySet().containsAll(FIRST_KEYS)) {
            Map<String, Object> older = new LinkedHashMap<>(config);
            older.put("rms_features", false);
            config = older;
        }
        OptimizerConfig c = OptimizerConfig.of(NAME, SPECS, config);
        return new HyperV2Config(integer(c, "lstm_hidden_size"), integer(c, "ff_hidden_size"),
                integer(c, "ff_hidden_layers"), integer(c, "param_inits"), c.number("exp_mult"), c.number("step_mult"),
                c.flag("param_scale_mult"), c.flag("rms_features"), c.number("start_lr"));
    }

    /** All hyper-parameters by their names, JSON-able; {@code parse(asMap())} gives this config back. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lstm_hidden_size", lstmHiddenSize);
        m.put("ff_hidden_size", ffHiddenSize);
        m.put("ff_hidden_layers", ffHiddenLayers);
        m.put("param_inits", paramInits);
        m.put("exp_mult", expMult);
        m.put("step_mult", stepMult);
        m.put("param_scale_mult", paramScaleMult);
        m.put("rms_features", rmsFeatures);
        m.put("start_lr", startLr);
        return m;
    }

    private static int integer(OptimizerConfig c, String key) {
        double d = c.number(key);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter '" + key + "' = " + d + " is invalid; allowed: an integer "
                    + spec(key).rangeText());
        }
        return (int) d;
    }

    private static void check(String key, double v) {
        ParamSpec s = spec(key);
        if (!(v >= s.min() && v <= s.max())) {
            throw new IllegalArgumentException("parameter '" + key + "' = " + v + " is invalid; allowed: " + s.rangeText());
        }
    }

    private static ParamSpec spec(String key) {
        for (ParamSpec s : SPECS) if (s.name().equals(key)) return s;
        throw new IllegalStateException("hyper_v2 reads '" + key + "' but does not list it");
    }
}
