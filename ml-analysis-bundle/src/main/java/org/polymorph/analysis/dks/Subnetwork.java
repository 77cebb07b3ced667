package org.polymorph.analysis.dks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.core.method.BadInputException;

/**
 * The subnetwork maximising function M_{f,r}(x) of an architecture (TAT paper, appendix "Additional details and
 * pseudocode for activation function transformations"): the largest value over all subnetworks f of the network
 * map obtained by composing the per-layer map {@code r} along the subnetwork, starting from {@code x}. DKS's maximal
 * slope function is M(1, y ↦ s·y); TAT's maximal curvature function is M(0, y ↦ s + y).
 */
@ConsumerType
@FunctionalInterface
public interface Subnetwork {

    double apply(double x, DoubleUnaryOperator r);

    /** L nonlinear layers in sequence: r applied L times. */
    static Subnetwork chain(int layers) {
        if (layers < 1) throw new IllegalArgumentException("a chain needs at least one layer; got " + layers);
        return (x, r) -> {
            double v = x;
            for (int i = 0; i < layers; i++) v = r.applyAsDouble(v);
            return v;
        };
    }

    /**
     * The modified ResNet of the DKS reference's tests: for each group g and block j, res = r(r(r(x))), shortcut =
     * r(x) if j = 0 else x, x = w²·shortcut + (1 − w²)·res; finally max(r(x), r(r(r(x0)))).
     *
     * @param blocks blocks per group, e.g. 3, 4, 23, 3 for ResNet-101
     * @param shortcutWeight w ∈ [0, 1]
     */
    static Subnetwork resnet(List<Integer> blocks, double shortcutWeight) {
        List<Integer> groups = List.copyOf(blocks);
        double w2 = shortcutWeight * shortcutWeight;
        return (x0, r) -> {
            double resBranch = r.applyAsDouble(r.applyAsDouble(r.applyAsDouble(x0)));
            double x = x0;
            for (int count : groups) {
                for (int j = 0; j < count; j++) {
                    double res = r.applyAsDouble(r.applyAsDouble(r.applyAsDouble(x)));
                    double shortcut = j == 0 ? r.applyAsDouble(x) : x;
                    x = w2 * shortcut + (1.0 - w2) * res;
                }
            }
            return Math.max(r.applyAsDouble(x), resBranch);
        };
    }

    /**
     * Parses {@code chain:L} or {@code resnet:B1,B2,...:w}; a BadInputException naming {@code param} otherwise.
     */
    static Subnetwork parse(String param, String text) {
        String fix = "write chain:L (L layers, e.g. chain:100) or resnet:B1,B2,...:w (blocks per group and shortcut "
                + "weight, e.g. resnet:3,4,23,3:0.6)";
        String[] parts = text.trim().split(":", -1);
        try {
            if (parts.length == 2 && parts[0].equals("chain")) {
                int layers = Integer.parseInt(parts[1].trim());
                if (layers >= 1) return chain(layers);
            } else if (parts.length == 3 && parts[0].equals("resnet")) {
                List<Integer> blocks = new ArrayList<>();
                for (String b : parts[1].split(",")) blocks.add(Integer.parseInt(b.trim()));
                double w = Double.parseDouble(parts[2].trim());
                if (blocks.stream().allMatch(b -> b >= 1) && w >= 0 && w <= 1) return resnet(blocks, w);
            }
        } catch (NumberFormatException e) {
            throw BadInputException.forParam(param, text, "not a number where one is expected", fix);
        }
        throw BadInputException.forParam(param, text, "not a known subnetwork (layers and blocks >= 1, weight in [0, 1])", fix);
    }
}
