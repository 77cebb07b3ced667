package org.polymorph.analysis.dks;

import java.util.Arrays;
import java.util.Locale;
import org.polymorph.analysis.special.ErrorFunction;
import org.polymorph.core.method.BadInputException;

/**
 * The activation functions DKS and TAT can transform, with their first and second derivatives (scalar, float64).
 * Definitions follow google-deepmind/dks {@code dks/base/activation_getter.py}: softplus log(1 + e^x); selu with
 * Klambauer et al.'s λ and α; gelu the tanh approximation 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))), gelu_exact
 * x·Φ(x); leaky_relu max(x, αx) with slope α (default 0.01). Functions with a kink (relu, leaky_relu, elu, selu)
 * have it at x = 0, which quadratures split at.
 */
public enum Activation {
    TANH, SOFTPLUS, SIGMOID, ELU, SELU, SWISH, GELU, GELU_EXACT, LEAKY_RELU, RELU;

    /** SELU constants λ and α (Klambauer et al. 2017). */
    static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** Default negative slope of an untransformed leaky ReLU. */
    public static final double DEFAULT_NEGATIVE_SLOPE = 0.01;
    private static final double GELU_K = Math.sqrt(2.0 / Math.PI);
    private static final double GELU_A = 0.044715;
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    /** The lower-case name used on the command line ({@code gelu_exact}). */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** Whether the function or one of its first two derivatives is not smooth at x = 0. */
    public boolean kinkAtZero() {
        return this == ELU || this == SELU || this == LEAKY_RELU || this == RELU;
    }

    /** Parses a command-line name; BadInputException naming {@code param} otherwise. */
    public static Activation parse(String param, String text) {
        for (Activation a : values()) if (a.id().equals(text.trim())) return a;
        throw BadInputException.forParam(param, text, "not a supported activation",
                "use one of " + String.join(", ", Arrays.stream(values()).map(Activation::id).toList()));
    }

    /** φ(x); {@code slope} is leaky_relu's negative slope (ignored by the others). */
    public double value(double x, double slope) {
        switch (this) {
            case TANH: return Math.tanh(x);
            case SOFTPLUS: return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0.0);
            case SIGMOID: return sigmoid(x);
            case ELU: return x < 0 ? Math.expm1(x) : x;
            case SELU: return SELU_LAMBDA * (x < 0 ? SELU_ALPHA * Math.expm1(x) : x);
            case SWISH: return x * sigmoid(x);
            case GELU: return 0.5 * x * (1.0 + Math.tanh(GELU_K * (x + GELU_A * x * x * x)));
            case GELU_EXACT: return x * ErrorFunction.normalCdf(x);
            case LEAKY_RELU: return x < 0 ? slope * x : x;
            case RELU: return Math.max(x, 0.0);
            default: throw new IllegalStateException("no rule for activation " + id());
        }
    }

    /** φ′(x). */
    public double d1(double x, double slope) {
        switch (this) {
            case TANH: { double t = Math.tanh(x); return 1.0 - t * t; }
            case SOFTPLUS: return sigmoid(x);
            case SIGMOID: { double s = sigmoid(x); return s * (1.0 - s); }
            case ELU: return x < 0 ? Math.exp(x) : 1.0;
            case SELU: return SELU_LAMBDA * (x < 0 ? SELU_ALPHA * Math.exp(x) : 1.0);
            case SWISH: { double s = sigmoid(x); return s + x * s * (1.0 - s); }
            case GELU: {
                double t = Math.tanh(GELU_K * (x + GELU_A * x * x * x));
                return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_K * (1.0 + 3.0 * GELU_A * x * x);
            }
            case GELU_EXACT: return ErrorFunction.normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
            case LEAKY_RELU: return x < 0 ? slope : 1.0;
            case RELU: return x > 0 ? 1.0 : 0.0;
            default: throw new IllegalStateException("no rule for activation " + id());
        }
    }

    /** φ″(x) (zero away from the kink for the piecewise-linear ones). */
    public double d2(double x, double slope) {
        switch (this) {
            case TANH: { double t = Math.tanh(x); return -2.0 * t * (1.0 - t * t); }
            case SOFTPLUS: { double s = sigmoid(x); return s * (1.0 - s); }
            case SIGMOID: { double s = sigmoid(x); return s * (1.0 - s) * (1.0 - 2.0 * s); }
            case ELU: return x < 0 ? Math.exp(x) : 0.0;
            case SELU: return x < 0 ? SELU_LAMBDA * SELU_ALPHA * Math.exp(x) : 0.0;
            case SWISH: { double s = sigmoid(x); return s * (1.0 - s) * (2.0 + x * (1.0 - 2.0 * s)); }
            case GELU: {
                // u = k(x + a x³): g″ = (1 − t²)·[u′ + x/2·(u″ − 2t·u′²)]
                double t = Math.tanh(GELU_K * (x + GELU_A * x * x * x));
                double u1 = GELU_K * (1.0 + 3.0 * GELU_A * x * x);
                double u2 = 6.0 * GELU_K * GELU_A * x;
                return (1.0 - t * t) * (u1 + 0.5 * x * (u2 - 2.0 * t * u1 * u1));
            }
            case GELU_EXACT: return INV_SQRT_2PI * Math.exp(-0.5 * x * x) * (2.0 - x * x);
            case LEAKY_RELU: case RELU: return 0.0;
            default: throw new IllegalStateException("no rule for activation " + id());
        }
    }

    static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
