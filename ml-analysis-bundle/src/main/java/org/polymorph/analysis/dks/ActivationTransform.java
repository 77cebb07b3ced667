package org.polymorph.analysis.dks;

/**
 * A transformed activation φ̂(x) = output_scale·(φ(input_scale·x + input_shift) + output_shift), with φ's negative
 * slope for leaky_relu (DKS paper eq. of §"Activation function transformations"; google-deepmind/dks
 * {@code _transform_activation}). Scalar, float64; immutable.
 */
public record ActivationTransform(Activation activation, double inputScale, double inputShift, double outputShift,
                                  double outputScale, double negativeSlope) {

    /** φ itself (leaky_relu with its default slope 0.01). */
    public static ActivationTransform identity(Activation activation) {
        return new ActivationTransform(activation, 1.0, 0.0, 0.0, 1.0, Activation.DEFAULT_NEGATIVE_SLOPE);
    }

    public double value(double x) {
        return outputScale * (activation.value(inputScale * x + inputShift, negativeSlope) + outputShift);
    }

    /** dφ̂/dx. */
    public double d1(double x) {
        return outputScale * inputScale * activation.d1(inputScale * x + inputShift, negativeSlope);
    }

    /** d²φ̂/dx². */
    public double d2(double x) {
        return outputScale * inputScale * inputScale * activation.d2(inputScale * x + inputShift, negativeSlope);
    }

    /** The derivative of the given order (0, 1 or 2) at x. */
    public double derivative(int order, double x) {
        switch (order) {
            case 0: return value(x);
            case 1: return d1(x);
            case 2: return d2(x);
            default: throw new IllegalArgumentException("derivative order " + order + "; have 0, 1, 2");
        }
    }

    /** Where φ̂ or its derivatives have a kink (empty array when smooth): input_scale·x + input_shift = 0. */
    public double[] kinks() {
        if (!activation.kinkAtZero() || inputScale == 0.0) return new double[0];
        return new double[] {-inputShift / inputScale};
    }

    /** The same transform with a different output scale. */
    public ActivationTransform withOutputScale(double scale) {
        return new ActivationTransform(activation, inputScale, inputShift, outputShift, scale, negativeSlope);
    }

    /** The same transform with a different output shift. */
    public ActivationTransform withOutputShift(double shift) {
        return new ActivationTransform(activation, inputScale, inputShift, shift, outputScale, negativeSlope);
    }
}
