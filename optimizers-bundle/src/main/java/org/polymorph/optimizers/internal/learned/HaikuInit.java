package org.polymorph.optimizers.internal.learned;

import org.polymorph.autodiff.nn.Initializer;
import org.polymorph.autodiff.nn.Initializers;

/** The weight initialiser of haiku's {@code hk.Linear} that learned_optimization's MLP optimizers use. */
final class HaikuInit {
    /**
     * Standard deviation of the unit normal truncated to [−2, 2]: 0.8796... Haiku's
     * {@code TruncatedNormal(stddev)} draws that truncated normal times {@code stddev}, without
     * JAX's variance-scaling correction, so its values have a spread of 0.88·stddev.
     */
    private static final double TRUNCATED_UNIT_STD = 0.87962566103423978;

    /**
     * {@code hk.initializers.TruncatedNormal(stddev = 1/√fan_in)} for a [fan_in, fan_out] weight:
     * variance scaling with scale 0.88² so that {@link Initializers#scaled}'s division by 0.88 cancels.
     */
    static final Initializer TRUNCATED_FAN_IN = Initializers.scaled(TRUNCATED_UNIT_STD * TRUNCATED_UNIT_STD,
            Initializers.FanMode.FAN_IN, Initializers.Distribution.TRUNCATED_NORMAL);

    private HaikuInit() { }
}
