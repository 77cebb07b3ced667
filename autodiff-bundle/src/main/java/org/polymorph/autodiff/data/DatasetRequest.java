package org.polymorph.autodiff.data;

import java.util.Map;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;

/**
 * What a {@link DatasetProvider} is asked for: its options as text (every option of the provider,
 * defaults filled in; a required option without a value is absent), the key of generated data
 * (may be null for file datasets), the feature dtype (float32 or float64) and, for
 * {@link DatasetProvider#loadSplit}, the held-out fraction of generated data.
 */
public record DatasetRequest(String spec, Map<String, String> options, RandomKey key, DType dtype, double testFraction) {
    public DatasetRequest {
        options = Map.copyOf(options);
    }

    /** The option {@code name}, or null when it has no value. */
    public String text(String name) { return options.get(name); }

    /** The option {@code name} as an int; the message names the option and its value. */
    public int integer(String name) {
        try {
            return Integer.parseInt(options.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + "='" + options.get(name) + "' is not an integer");
        }
    }

    /** The option {@code name} as a double. */
    public double real(String name) {
        try {
            return Double.parseDouble(options.get(name));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("option " + name + "='" + options.get(name) + "' is not a number");
        }
    }

    /** The key of generated data. */
    public RandomKey requireKey() {
        if (key == null) throw new IllegalArgumentException("dataset spec '" + spec + "' is generated and needs a RandomKey; pass RandomKey.of(seed)");
        return key;
    }
}
