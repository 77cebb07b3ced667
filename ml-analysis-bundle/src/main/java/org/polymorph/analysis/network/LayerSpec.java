package org.polymorph.analysis.network;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One layer of {@code layers=}, in neural-tangents stax conventions (NTK parameterisation). {@code args} holds
 * every argument of the kind, defaults filled in, in the order of {@link Kind#args()}: Integer, Double or String
 * values. Build them with {@link NetworkSpec#parse} (which checks names, types and ranges) or {@link #of}.
 *
 * <p>Arguments (stax's defaults where stax has the layer):
 * <ul>
 *   <li>{@code dense(out, w_std=1, b_std=0)}: y = (w_std/√fan_in)·x·W + b_std·b over the last axis.</li>
 *   <li>{@code conv(out, kernel=3, stride=1, padding=valid|same, w_std=1, b_std=0)}: NHWC, HWIO square kernel,
 *       stax's default padding VALID; SAME is TensorFlow's rule (output ⌈in/stride⌉).</li>
 *   <li>{@code leaky_relu(slope=0.01)}: x for x ≥ 0, slope·x otherwise (stax.LeakyRelu's alpha; stax has no default,
 *       0.01 is jax.nn.leaky_relu's).</li>
 *   <li>{@code avg_pool(window, stride=1)}: mean over window×window cells, VALID padding (stax.AvgPool's defaults:
 *       stride 1, VALID).</li>
 *   <li>{@code relu, erf, tanh, gelu, sigmoid, abs, global_avg_pool, flatten, identity}: no arguments; gelu is the
 *       exact x·Φ(x) (stax.Gelu's default approximate=False), sigmoid the logistic 1/(1+e^−x).</li>
 * </ul>
 */
public record LayerSpec(Kind kind, Map<String, Object> args) {

    /** The layer kinds and their arguments (name, type, default or null when required). */
    public enum Kind {
        DENSE(Arg.integer("out", null, 1), Arg.real("w_std", 1.0), Arg.real("b_std", 0.0)),
        CONV(Arg.integer("out", null, 1), Arg.integer("kernel", 3, 1), Arg.integer("stride", 1, 1),
                Arg.text("padding", "valid", "valid", "same"), Arg.real("w_std", 1.0), Arg.real("b_std", 0.0)),
        RELU, ERF, TANH, GELU, SIGMOID,
        LEAKY_RELU(new Arg("slope", Arg.Type.REAL, 0.01, Double.NEGATIVE_INFINITY, List.of())),
        ABS,
        AVG_POOL(Arg.integer("window", null, 1), Arg.integer("stride", 1, 1)),
        GLOBAL_AVG_POOL, FLATTEN, IDENTITY;

        private final List<Arg> args;

        Kind(Arg... args) { this.args = List.of(args); }

        /** The arguments this kind takes, in canonical order. */
        public List<Arg> args() { return args; }

        /** The name in {@code layers=}: {@code dense}, {@code leaky_relu}, ... */
        public String id() { return name().toLowerCase(Locale.ROOT); }

        /** True for the pointwise nonlinearities (relu ... abs, identity excluded). */
        public boolean isElementwise() {
            return switch (this) {
                case RELU, ERF, TANH, GELU, SIGMOID, LEAKY_RELU, ABS -> true;
                default -> false;
            };
        }
    }

    /**
     * One argument of a kind.
     *
     * @param min     smallest allowed value (numbers)
     * @param choices allowed values (text); empty for numbers
     */
    public record Arg(String name, Type type, Object defaultValue, double min, List<String> choices) {
        public enum Type { INT, REAL, TEXT }

        static Arg integer(String name, Integer dflt, int min) { return new Arg(name, Type.INT, dflt, min, List.of()); }

        static Arg real(String name, double dflt) { return new Arg(name, Type.REAL, dflt, 0, List.of()); }

        static Arg text(String name, String dflt, String... choices) { return new Arg(name, Type.TEXT, dflt, 0, List.of(choices)); }

        /** True when the argument has no default and must be given. */
        public boolean required() { return defaultValue == null; }
    }

    public LayerSpec {
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /** A layer with the given arguments (names and text values as in {@code layers=}) and defaults for the rest. */
    public static LayerSpec of(Kind kind, Map<String, ?> given) {
        Map<String, String> text = new LinkedHashMap<>();
        given.forEach((k, v) -> text.put(k, String.valueOf(v)));
        return NetworkSpec.layer(kind, text, List.of(), 0);
    }

    /** A layer without arguments or with all defaults. */
    public static LayerSpec of(Kind kind) { return of(kind, Map.of()); }

    public int intArg(String name) { return ((Number) arg(name)).intValue(); }

    public double doubleArg(String name) { return ((Number) arg(name)).doubleValue(); }

    public String textArg(String name) { return (String) arg(name); }

    /** DENSE and CONV carry parameters "w" and "b". */
    public boolean hasParams() { return kind == Kind.DENSE || kind == Kind.CONV; }

    /** The canonical text, e.g. {@code dense(out=512,w_std=1.5,b_std=0.05)}; a kind without arguments is its id. */
    public String text() {
        if (args.isEmpty()) return kind.id();
        StringBuilder s = new StringBuilder(kind.id()).append('(');
        int i = 0;
        for (Map.Entry<String, Object> e : args.entrySet()) {
            if (i++ > 0) s.append(',');
            s.append(e.getKey()).append('=').append(format(e.getValue()));
        }
        return s.append(')').toString();
    }

    private Object arg(String name) {
        Object v = args.get(name);
        if (v == null) {
            throw new IllegalArgumentException("layer " + kind.id() + " has no argument '" + name + "'; it has " + args.keySet());
        }
        return v;
    }

    private static String format(Object v) {
        if (v instanceof Double d) return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        return String.valueOf(v);
    }

    @Override public String toString() { return text(); }
}
