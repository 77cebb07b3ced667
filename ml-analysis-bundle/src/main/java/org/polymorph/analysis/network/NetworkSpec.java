package org.polymorph.analysis.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.polymorph.analysis.network.LayerSpec.Arg;
import org.polymorph.analysis.network.LayerSpec.Kind;
import org.polymorph.core.method.BadInputException;

/**
 * A network as {@code layers=} gives it: layers in sequence, e.g.
 * {@code dense(out=512,w_std=1.5,b_std=0.05),relu,dense(out=1,w_std=1.5,b_std=0.05)}. Arguments are
 * {@code key=value}, or positional in the order {@link LayerSpec} lists them ({@code avg_pool(2,2)},
 * {@code leaky_relu(0.1)}). Shapes exclude the batch axis: (features) or (H, W, C).
 */
public record NetworkSpec(List<LayerSpec> layers) {
    private static final String PARAM = "layers";

    public NetworkSpec {
        layers = List.copyOf(layers);
    }

    /** Parses {@code layers=}; a BadInputException names the layer (index from 0), the key, the value and the fix. */
    public static NetworkSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("parameter 'layers' is empty; give layers such as dense(out=512),relu,dense(out=1)",
                    PARAM, String.valueOf(text), "give layers such as dense(out=512),relu,dense(out=1)");
        }
        List<String> parts = splitTopLevel(text.trim());
        List<LayerSpec> out = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) out.add(parseLayer(parts.get(i).trim(), i));
        return new NetworkSpec(out);
    }

    /** The canonical text: every argument written, defaults included; {@code parse(text())} equals this spec. */
    public String text() { return layers.stream().map(LayerSpec::text).collect(Collectors.joining(",")); }

    /** Output shape (without the batch axis) for an input shape (without the batch axis); BadInputException on a mismatch. */
    public int[] outputShape(int[] inputShape) {
        int[] s = inputShape.clone();
        for (int i = 0; i < layers.size(); i++) s = layerOutputShape(i, s);
        return s;
    }

    /** The shape after layer {@code index} for the shape {@code in} before it (both without the batch axis). */
    int[] layerOutputShape(int index, int[] in) {
        LayerSpec l = layers.get(index);
        for (int d : in) {
            if (d < 1) throw shapeError(index, in, "has a dimension < 1", "give positive dimensions such as input_shape=8,8,3");
        }
        return switch (l.kind()) {
            case DENSE -> {
                if (in.length < 1) throw shapeError(index, in, "is a scalar", "give at least one feature axis");
                int[] o = in.clone();
                o[o.length - 1] = l.intArg("out");
                yield o;
            }
            case CONV, AVG_POOL -> {
                requireImage(index, in);
                boolean conv = l.kind() == Kind.CONV;
                int k = l.intArg(conv ? "kernel" : "window");
                int stride = l.intArg("stride");
                boolean same = conv && l.textArg("padding").equals("same");
                int oh = windowOutput(in[0], k, stride, same);
                int ow = windowOutput(in[1], k, stride, same);
                if (oh < 1 || ow < 1) {
                    throw shapeError(index, in, "is smaller than the " + k + "x" + k + " window with padding valid",
                            "use a smaller " + (conv ? "kernel" : "window") + (conv ? " or padding=same" : "") + ", or a larger input");
                }
                yield new int[] {oh, ow, conv ? l.intArg("out") : in[2]};
            }
            case GLOBAL_AVG_POOL -> {
                requireImage(index, in);
                yield new int[] {in[2]};
            }
            case FLATTEN -> new int[] {Arrays.stream(in).reduce(1, (a, b) -> a * b)};
            default -> in.clone();
        };
    }

    /** Output length of a window op along one axis: ⌈in/stride⌉ for SAME, ⌊(in − k)/stride⌋ + 1 for VALID (0 if none fits). */
    static int windowOutput(int in, int k, int stride, boolean same) {
        if (same) return (in + stride - 1) / stride;
        return in < k ? 0 : (in - k) / stride + 1;
    }

    private void requireImage(int index, int[] in) {
        if (in.length != 3) {
            throw shapeError(index, in, "is not an image (H, W, C)",
                    "give input_shape=H,W,C (e.g. 8,8,3) or remove the layer; dense inputs need no pooling or convolution");
        }
    }

    private BadInputException shapeError(int index, int[] in, String problem, String fix) {
        String layer = layers.get(index).text();
        return new BadInputException("parameter 'layers': layer " + index + " '" + layer + "': its input shape "
                + Arrays.toString(in) + " " + problem + "; " + fix, PARAM, layer, fix);
    }

    // ---- parsing ----

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
            if (depth < 0 || depth > 1) {
                throw new BadInputException("parameter 'layers' = '" + text + "': unbalanced parentheses at character " + i
                        + "; write each layer as name or name(key=value,...)", PARAM, text, "write each layer as name or name(key=value,...)");
            }
        }
        if (depth != 0) {
            throw new BadInputException("parameter 'layers' = '" + text + "': a '(' is never closed; close every layer's argument list",
                    PARAM, text, "close every layer's argument list");
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static LayerSpec parseLayer(String text, int index) {
        int open = text.indexOf('(');
        String name = (open < 0 ? text : text.substring(0, open)).trim().toLowerCase(Locale.ROOT);
        if (open >= 0 && !text.endsWith(")")) {
            throw layerError(index, text, "has text after its ')'", "end the layer with ')' and separate layers with ','");
        }
        Kind kind = kindOf(name, index, text);
        Map<String, String> named = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        if (open >= 0) {
            String inside = text.substring(open + 1, text.length() - 1).trim();
            if (!inside.isEmpty()) {
                for (String a : inside.split(",", -1)) {
                    a = a.trim();
                    int eq = a.indexOf('=');
                    if (eq < 0) {
                        if (!named.isEmpty()) {
                            throw layerError(index, text, "has the positional argument '" + a + "' after a named one",
                                    "name it (key=value) or move it before the named arguments");
                        }
                        positional.add(a);
                    } else {
                        String key = a.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                        if (named.put(key, a.substring(eq + 1).trim()) != null) {
                            throw layerError(index, text, "gives '" + key + "' twice", "give each argument once");
                        }
                    }
                }
            }
        }
        return layer(kind, named, positional, index);
    }

    private static Kind kindOf(String name, int index, String text) {
        for (Kind k : Kind.values()) if (k.id().equals(name)) return k;
        List<String> ids = Arrays.stream(Kind.values()).map(Kind::id).toList();
        throw layerError(index, text, "'" + name + "' is not a layer" + BadInputException.didYouMean(name, ids),
                "use one of " + String.join(", ", ids));
    }

    /** Checks and converts the arguments of one layer (text values), filling defaults; shared with {@link LayerSpec#of}. */
    static LayerSpec layer(Kind kind, Map<String, String> named, List<String> positional, int index) {
        List<Arg> specs = kind.args();
        String where = kind.id() + (named.isEmpty() && positional.isEmpty() ? "" : "(" + describe(named, positional) + ")");
        if (positional.size() > specs.size()) {
            throw layerError(index, where, "takes " + specs.size() + " argument" + (specs.size() == 1 ? "" : "s")
                    + (specs.isEmpty() ? "" : " (" + names(specs) + ")") + " but got " + positional.size(),
                    specs.isEmpty() ? "write " + kind.id() + " without parentheses" : "give at most " + names(specs));
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < positional.size(); i++) given.put(specs.get(i).name(), positional.get(i));
        for (Map.Entry<String, String> e : named.entrySet()) {
            if (specs.stream().noneMatch(a -> a.name().equals(e.getKey()))) {
                List<String> ok = specs.stream().map(Arg::name).toList();
                throw argError(index, where, e.getKey(), e.getValue(), "is not an argument of " + kind.id()
                        + BadInputException.didYouMean(e.getKey(), ok),
                        ok.isEmpty() ? "write " + kind.id() + " without arguments" : "use " + names(specs));
            }
            if (given.put(e.getKey(), e.getValue()) != null) {
                throw argError(index, where, e.getKey(), e.getValue(), "is given both by position and by name", "give it once");
            }
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (Arg a : specs) {
            String v = given.get(a.name());
            if (v == null) {
                if (a.required()) {
                    throw argError(index, where, a.name(), "", "is required", "add " + a.name() + "=<" + typeWord(a) + ">, e.g. "
                            + kind.id() + "(" + a.name() + "=" + example(a) + ")");
                }
                args.put(a.name(), a.defaultValue());
            } else {
                args.put(a.name(), convert(a, v, index, where));
            }
        }
        return new LayerSpec(kind, args);
    }

    private static Object convert(Arg a, String v, int index, String where) {
        switch (a.type()) {
            case INT -> {
                int n;
                try {
                    n = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw argError(index, where, a.name(), v, "is not a whole number", "give an integer ≥ " + (int) a.min() + " such as " + example(a));
                }
                if (n < a.min()) throw argError(index, where, a.name(), v, "is below " + (int) a.min(), "give an integer ≥ " + (int) a.min());
                return n;
            }
            case REAL -> {
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw argError(index, where, a.name(), v, "is not a number", "give a number such as " + example(a));
                }
                if (!Double.isFinite(d) || d < a.min()) {
                    throw argError(index, where, a.name(), v, "is out of range", "give a finite number ≥ " + a.min());
                }
                return d;
            }
            default -> {
                String t = v.toLowerCase(Locale.ROOT);
                if (!a.choices().contains(t)) {
                    throw argError(index, where, a.name(), v, "is not allowed", "use one of " + String.join(", ", a.choices()));
                }
                return t;
            }
        }
    }

    private static String names(List<Arg> specs) { return specs.stream().map(Arg::name).collect(Collectors.joining(", ")); }

    private static String typeWord(Arg a) { return a.type() == Arg.Type.INT ? "integer" : a.type() == Arg.Type.REAL ? "number" : "text"; }

    private static String example(Arg a) {
        if (a.defaultValue() != null) return String.valueOf(a.defaultValue());
        return a.type() == Arg.Type.INT ? (a.name().equals("out") ? "512" : "2") : "1.0";
    }

    private static String describe(Map<String, String> named, List<String> positional) {
        List<String> all = new ArrayList<>(positional);
        named.forEach((k, v) -> all.add(k + "=" + v));
        return String.join(",", all);
    }

    private static BadInputException layerError(int index, String layer, String problem, String fix) {
        return new BadInputException("parameter 'layers': layer " + index + " '" + layer + "' " + problem + "; " + fix,
                PARAM, layer, fix);
    }

    private static BadInputException argError(int index, String layer, String key, String value, String problem, String fix) {
        return new BadInputException("parameter 'layers': layer " + index + " '" + layer + "': key '" + key + "' = '" + value
                + "' " + problem + "; " + fix, PARAM, value, fix);
    }

    @Override public String toString() { return text(); }
}
