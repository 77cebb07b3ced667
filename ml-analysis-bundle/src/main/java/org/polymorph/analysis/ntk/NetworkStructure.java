package org.polymorph.analysis.ntk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.polymorph.analysis.network.LayerSpec;
import org.polymorph.analysis.network.Network;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Var;

/**
 * What structured derivatives know about a {@link Network}: its layers one at a time (each a one-layer Network, so the
 * forward pass is the network's own), which of them are dense layers on (n, features) inputs (the rule
 * Θ_W = s²·(x1·x2ᵀ) ⊙ (G1·G2ᵀ)), and the FLOP counts of the cost model.
 */
final class NetworkStructure implements StructuredNetwork {
    final Network network;
    final List<Network> layers;

    NetworkStructure(Network network) {
        this.network = network;
        List<Network> ls = new ArrayList<>();
        List<LayerSpec> specs = network.spec().layers();
        for (int i = 0; i < specs.size(); i++) ls.add(new Network(new NetworkSpec(List.of(specs.get(i))), network.layerInputShape(i)));
        this.layers = List.copyOf(ls);
    }

    LayerSpec spec(int i) { return network.spec().layers().get(i); }

    int[] outputShape(int i) { return i + 1 < layers.size() ? network.layerInputShape(i + 1) : network.outputShape(); }

    /** A dense layer on (n, in) inputs: the closed-form rule applies. */
    boolean isFlatDense(int i) { return spec(i).kind() == LayerSpec.Kind.DENSE && network.layerInputShape(i).length == 1; }

    /** Layer i applied to h (n, ...) with its parameters (an empty map for layers without). */
    Var apply(AD ad, int i, Map<String, Var> params, Var h) { return layers.get(i).apply(ad, List.of(params), h); }

    private static long size(int[] s) { return Arrays.stream(s).asLongStream().reduce(1, (a, b) -> a * b); }

    @Override
    public double forwardFlopsPerRow() {
        double fp = 0;
        for (int i = 0; i < layers.size(); i++) {
            long out = size(outputShape(i));
            int[][] ps = network.paramShapes(i);
            if (ps == null) fp += out;
            else if (spec(i).kind() == LayerSpec.Kind.DENSE) fp += 2.0 * size(network.layerInputShape(i)) * ps[0][1];
            else fp += 2.0 * out * ps[0][0] * ps[0][1] * ps[0][2];        // conv: kh·kw·cin multiply-adds per output
        }
        return fp;
    }

    @Override
    public double activationsPerRow() {
        double y = 0;
        for (int i = 0; i < layers.size(); i++) y += size(outputShape(i));
        return y;
    }

    @Override
    public double contractionFlopsPerPair(KernelLayout layout) {
        double perPair = 0;
        double pairOut = layout.allTraced() ? layout.outSize() : (double) layout.outSize() * layout.outSize();
        for (int i = 0; i < layers.size(); i++) {
            int[][] ps = network.paramShapes(i);
            if (ps == null) continue;
            if (isFlatDense(i)) perPair += pairOut * ps[0][1] + ps[0][0];
            else perPair += (double) layout.contractionPerParameter() * (size(ps[0]) + size(ps[1]));
        }
        return perPair;
    }

    @Override
    public BlockKernel kernel(AD ad, Object params, KernelLayout layout) {
        return new StructuredDerivatives(ad, this, params, layout);
    }
}
