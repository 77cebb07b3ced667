package org.polymorph.materials.internal.m3gnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.core.runtime.Json;

/**
 * The weights and hyper-parameters of a matgl M3GNet potential folder as published (matgl
 * {@code pretrained_models/<name>/}): {@code model.json} ({@code kwargs.model.init_args}: element order, cutoffs,
 * basis sizes, smooth basis) and {@code state.pt} (the state dict: every weight, {@code data_std}, {@code data_mean}
 * and the per-element reference energies {@code element_refs.property_offset}, eV). Layer widths come from the weight
 * shapes, so both released models (MP-2021.2.8 and MatPES-PBE-v2025.1) load with one reader. Linear weights are
 * stored here transposed, [in, out] row-major, so that y = x·W + b with x [rows, in].
 */
public final class M3gnetModel {
    /** A dense layer: y = x·w + b, w [in, out] row-major, b [out] or null (no bias). */
    public record Linear(double[] w, double[] b, int in, int out) { }

    /** matgl's GatedMLP: layers(x) ⊙ gates(x), SiLU between layers, the last gate a sigmoid, the last layer SiLU when {@code activateLast}. */
    public record GatedMlp(List<Linear> layers, List<Linear> gates, boolean activateLast) { }

    /** One block: three-body update (atom MLP 64→9 sigmoid, bond GatedMLP 9→64 without bias) and the graph convolution. */
    public record Block(Linear atom, GatedMlp bond, GatedMlp edgeUpdate, Linear edgeWeight, GatedMlp nodeUpdate, Linear nodeWeight) { }

    final List<String> elements;
    final double cutoff;
    final double threeBodyCutoff;
    final int maxN;
    final int maxL;
    final boolean smooth;
    final double dataStd;
    final double dataMean;
    final double[] elementRefs;
    final double[] nodeEmbedding;     // [types, dimNode]
    final int dimNode;
    final Linear edgeEmbedding;       // rbf → edge features, SiLU
    final List<Block> blocks;
    final GatedMlp readout;
    final String name;

    private M3gnetModel(String name, Map<String, Object> args, Map<String, TorchState.Array> sd) {
        this.name = name;
        this.elements = strings(args.get("element_types"));
        this.cutoff = number(args, "cutoff");
        this.threeBodyCutoff = number(args, "threebody_cutoff");
        this.maxN = (int) number(args, "max_n");
        this.maxL = (int) number(args, "max_l");
        this.smooth = Boolean.TRUE.equals(args.get("use_smooth"));
        require(args, "use_phi", false);
        require(args, "is_intensive", false);
        require(args, "include_state", false);
        if (!"SphericalBessel".equals(args.get("rbf_type")) || !"swish".equals(args.get("activation_type"))) {
            throw new IllegalArgumentException("model.json: rbf_type " + args.get("rbf_type") + ", activation " + args.get("activation_type")
                    + "; only M3GNet with SphericalBessel and swish is read");
        }
        if (!(cutoff > 0 && threeBodyCutoff > 0 && threeBodyCutoff <= cutoff) || maxL != 3 || maxN < 1 || maxN > 16) {
            throw new IllegalArgumentException("model.json: cutoff " + cutoff + ", threebody_cutoff " + threeBodyCutoff + ", max_n " + maxN
                    + ", max_l " + maxL + "; expected 0 < threebody_cutoff <= cutoff, max_l = 3 and 1 <= max_n <= 16");
        }
        int types = elements.size();
        this.dataStd = scalar(sd, "data_std");
        this.dataMean = scalar(sd, "data_mean");
        this.elementRefs = tensor(sd, "element_refs.property_offset", types).values();
        TorchState.Array emb = tensor(sd, "model.embedding.layer_node_embedding.weight", -1);
        if (emb.shape().length != 2 || emb.dim(0) != types) throw bad("model.embedding.layer_node_embedding.weight", "[" + types + ", d]");
        this.nodeEmbedding = emb.values();
        this.dimNode = emb.dim(1);
        int rbf = smooth ? maxN : maxN * maxL;
        this.edgeEmbedding = linear(sd, "model.embedding.layer_edge_embedding.layers.0", true, rbf);
        int nb = (int) number(args, "nblocks");
        List<Block> bs = new ArrayList<>();
        for (int k = 0; k < nb; k++) {
            String t = "model.three_body_interactions." + k;
            String g = "model.graph_layers." + k + ".conv.";
            bs.add(new Block(linear(sd, t + ".update_network_atom.layers.0", true, dimNode), gated(sd, t + ".update_network_bond", 1, false, true),
                    gated(sd, g + "edge_update_func", 3, true, true), linear(sd, g + "edge_weight_func", false, rbf),
                    gated(sd, g + "node_update_func", 3, true, true), linear(sd, g + "node_weight_func", false, rbf)));
        }
        this.blocks = List.copyOf(bs);
        this.readout = gated(sd, "model.final_layer.gated", 4, true, false);
        for (Block b : blocks) {
            if (b.atom().out() != maxN * maxL || b.bond().layers().get(0).in() != maxN * maxL) {
                throw new IllegalArgumentException("state.pt: three-body layers do not have " + maxN * maxL + " basis functions");
            }
        }
        for (TorchState.Array a : sd.values()) {
            for (double x : a.values()) if (!Double.isFinite(x)) throw new IllegalArgumentException("state.pt: a non-finite weight " + x);
        }
    }

    /** The model of a matgl folder holding {@code model.json} and {@code state.pt}. */
    public static M3gnetModel read(Path folder) throws IOException {
        Path json = folder.resolve("model.json");
        Path state = folder.resolve("state.pt");
        if (!Files.isRegularFile(json) || !Files.isRegularFile(state)) {
            throw new IOException("folder " + folder + " lacks model.json or state.pt (a matgl model folder holds both)");
        }
        Map<String, Object> args;
        try {
            args = map(map(map(Json.parse(Files.readString(json)), "kwargs"), "model"), "init_args");
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("model.json in " + folder + ": " + e.getMessage(), e);
        }
        Map<String, TorchState.Array> sd;
        try {
            sd = TorchState.read(state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state.pt in " + folder + ": " + e.getMessage(), e);
        }
        return new M3gnetModel(folder.getFileName() == null ? folder.toString() : folder.getFileName().toString(), args, sd);
    }

    /** The folder's name, e.g. M3GNet-MP-2021.2.8-PES. */
    public String name() { return name; }

    /** The element symbols in the model's type order. */
    public List<String> elements() { return elements; }

    /** The graph cutoff (Å). */
    public double cutoff() { return cutoff; }

    private static Linear linear(Map<String, TorchState.Array> sd, String prefix, boolean bias, int in) {
        TorchState.Array w = tensor(sd, prefix + ".weight", -1);
        if (w.shape().length != 2 || (in > 0 && w.dim(1) != in)) throw bad(prefix + ".weight", "[out, " + in + "]");
        int out = w.dim(0);
        int n = w.dim(1);
        double[] t = new double[n * out];
        for (int o = 0; o < out; o++) for (int i = 0; i < n; i++) t[i * out + o] = w.values()[o * n + i];
        double[] b = bias ? tensor(sd, prefix + ".bias", out).values() : null;
        return new Linear(t, b, n, out);
    }

    private static GatedMlp gated(Map<String, TorchState.Array> sd, String prefix, int depth, boolean bias, boolean activateLast) {
        List<Linear> layers = new ArrayList<>();
        List<Linear> gates = new ArrayList<>();
        for (int k = 0; k < depth; k++) {
            int in = k == 0 ? -1 : layers.get(k - 1).out();
            layers.add(linear(sd, prefix + ".layers." + 2 * k, bias, in));
            gates.add(linear(sd, prefix + ".gates." + 2 * k, bias, in));
            if (gates.get(k).out() != layers.get(k).out() || gates.get(k).in() != layers.get(k).in()) throw bad(prefix + ".gates." + 2 * k, "the shape of its layer");
        }
        return new GatedMlp(List.copyOf(layers), List.copyOf(gates), activateLast);
    }

    private static TorchState.Array tensor(Map<String, TorchState.Array> sd, String key, int size) {
        TorchState.Array a = sd.get(key);
        if (a == null) throw new IllegalArgumentException("state.pt has no tensor " + key + "; is this an M3GNet potential?");
        if (size >= 0 && a.values().length != size) throw bad(key, size + " values");
        return a;
    }

    private static double scalar(Map<String, TorchState.Array> sd, String key) { return tensor(sd, key, 1).values()[0]; }

    private static IllegalArgumentException bad(String key, String expected) {
        return new IllegalArgumentException("state.pt: tensor " + key + " does not have " + expected);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String key) {
        if (!(o instanceof Map) || !(((Map<String, Object>) o).get(key) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("no object '" + key + "' where a matgl model.json has one");
        }
        return (Map<String, Object>) m;
    }

    private static List<String> strings(Object o) {
        if (!(o instanceof List<?> l) || l.isEmpty()) throw new IllegalArgumentException("model.json: element_types is not a list of symbols");
        List<String> out = new ArrayList<>();
        for (Object x : l) out.add(String.valueOf(x));
        return List.copyOf(out);
    }

    private static double number(Map<String, Object> args, String key) {
        if (!(args.get(key) instanceof Number n)) throw new IllegalArgumentException("model.json: " + key + " is not a number");
        return n.doubleValue();
    }

    private static void require(Map<String, Object> args, String key, boolean value) {
        if (args.get(key) != null && !Boolean.valueOf(value).equals(args.get(key))) {
            throw new IllegalArgumentException("model.json: " + key + " = " + args.get(key) + "; only " + value + " is supported");
        }
    }
}
