package org.polymorph.analysis.dks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;

/**
 * Anchors from google-deepmind/dks {@code tests/test_activation_transform.py} (ResNet-101-like subnetwork
 * maximising function, blocks 3,4,23,3, shortcut weight 0.6), as quoted in the shared PAPERS notes §13.
 */
class TransformSolverTest {
    private static final Subnetwork RESNET = Subnetwork.resnet(List.of(3, 4, 23, 3), 0.6);

    private static void assertParams(ActivationTransform t, double scale, double shift, double outShift, double outScale, double tol) {
        assertEquals(scale, t.inputScale(), tol, "input_scale");
        assertEquals(shift, t.inputShift(), tol, "input_shift");
        assertEquals(outShift, t.outputShift(), tol, "output_shift");
        assertEquals(outScale, t.outputScale(), tol * Math.max(1, Math.abs(outScale)), "output_scale");
    }

    @Test
    void softplusDksMatchesReference() {
        ActivationTransform t = TransformSolver.dks(Activation.SOFTPLUS, RESNET, 1.2, 1.0).transform();
        // 1e-8: the reference's root is itself only as exact as hybrd's xtol (1.49e-8 relative)
        assertParams(t, 0.18761008168267976, 0.40688063442262007, -0.9213466151411376, 8.878672543665223, 1e-8);
    }

    @Test
    void tanhDksMatchesReference() {
        ActivationTransform t = TransformSolver.dks(Activation.TANH, RESNET, 1.2, 1.0).transform();
        assertParams(t, 0.07461073057540868, 0.5566915199964182, -0.5034378768692127, 18.002635964442558, 1e-9);
    }

    @Test
    void leakyReluDksMatchesReference() {
        ActivationTransform t = TransformSolver.dks(Activation.LEAKY_RELU, RESNET, 1.2, 1.0).transform();
        assertEquals(0.8761257073473065, t.negativeSlope(), 1e-8, "negative_slope");
        assertEquals(0.0, t.inputShift(), 1e-9, "input_shift");
        assertEquals(-0.049418692997275034, t.outputShift(), 1e-8, "output_shift");
        assertEquals(1.0651832705682147, t.outputScale(), 1e-8, "output_scale");
    }

    @Test
    void reluDksMatchesReference() {
        TransformSolver.Solution s = TransformSolver.dks(Activation.RELU, RESNET, 1.2, 1.0);
        assertEquals(1, s.warnings().size());
        // 1e-4: ReLU's kink sits at x = −1/input_scale ≈ −2.7, inside one panel of the reference's single
        // 100000-point rule (first-order error there), while this quadrature splits at the kink
        assertParams(s.transform(), 0.3685360046708044, 1.0, -1.000373858553784, 2.721729988761473, 1e-4);
    }

    @Test
    void geluDksMatchesReference() {
        assertParams(TransformSolver.dks(Activation.GELU, RESNET, 1.2, 1.0).transform(),
                0.07036271496383567, 0.2586837248593587, -0.15758328114374964, 20.249573305194307, 1e-9);
        assertParams(TransformSolver.dks(Activation.GELU_EXACT, RESNET, 1.2, 1.0).transform(),
                0.07043253126531114, 0.259489297927707, -0.15815378961903598, 20.21158902315857, 1e-9);
    }

    @Test
    void tatMatchesReference() {
        assertParams(TransformSolver.tat(Activation.SOFTPLUS, RESNET, 0.75, 0.2).transform(),
                0.15011489794748328, 0.5374599901127068, -0.996481014465811, 10.54880187880574, 1e-9);
        assertParams(TransformSolver.tat(Activation.TANH, RESNET, 0.75, 0.2).transform(),
                0.0580205218578313, 0.5218639804099805, -0.4796430704354356, 22.36066261763117, 1e-9);
        ActivationTransform leaky = TransformSolver.tat(Activation.LEAKY_RELU, RESNET, 0.75, 0.2).transform();
        assertEquals(0.6291800290346146, leaky.negativeSlope(), 1e-10);
        assertEquals(1.196996549778802, leaky.outputScale(), 1e-10);
    }

    /** φ̂(0.6) and φ̂(−0.6) against the reference's values. */
    private static void assertValues(TransformSolver.Solution s, double plus, double minus, double tol) {
        assertEquals(plus, s.transform().value(0.6), tol, s.transform().activation().id() + "(0.6)");
        assertEquals(minus, s.transform().value(-0.6), tol, s.transform().activation().id() + "(-0.6)");
    }

    /** The reference's value tests: ζ = 12, local Q slope 0.97; TAT η = 0.95, τ = 4.5; evaluated at ±0.6. */
    @Test
    void transformedValuesMatchReference() {
        assertValues(TransformSolver.dks(Activation.SOFTPLUS, RESNET, 12.0, 0.97), 0.5205088334781294, -0.6970897398761904, 1e-8);
        assertValues(TransformSolver.dks(Activation.TANH, RESNET, 12.0, 0.97), 0.6910746968773931, -0.5122335409369118, 1e-8);
        // the kink of this leaky ReLU is off zero (input_shift ≠ 0), where the reference's unsplit rule errs by ~1e-6
        assertValues(TransformSolver.dks(Activation.LEAKY_RELU, RESNET, 12.0, 0.97), 0.5628988987673328, -0.6649764416535503, 3e-6);
        assertValues(TransformSolver.dks(Activation.RELU, RESNET, 12.0, 0.97), 0.6053339463256114, -0.6486764456443863, 1e-4);
        assertValues(TransformSolver.tat(Activation.SOFTPLUS, RESNET, 0.95, 4.5), 0.6923574763139374, -0.4935166367766701, 1e-8);
        assertValues(TransformSolver.tat(Activation.TANH, RESNET, 0.95, 4.5), 0.6860178437500071, -0.49030275427738146, 1e-8);
        assertValues(TransformSolver.tat(Activation.LEAKY_RELU, RESNET, 0.95, 4.5), 0.7954047194402861, -0.2955187511683813, 1e-8);
        assertValues(TransformSolver.tat(Activation.GELU, RESNET, 0.95, 4.5), 0.6922557817568101, -0.491992384704867, 1e-8);
        assertValues(TransformSolver.tat(Activation.GELU_EXACT, RESNET, 0.95, 4.5), 0.6922429517529013, -0.49198103131465193, 1e-8);
    }

    @Test
    void untransformedValuesMatchReference() {
        assertEquals(0.5370495669980353, ActivationTransform.identity(Activation.TANH).value(0.6), 1e-15);
        assertEquals(1.0374879504858856, ActivationTransform.identity(Activation.SOFTPLUS).value(0.6), 1e-15);
        assertEquals(0.4374879504858857, ActivationTransform.identity(Activation.SOFTPLUS).value(-0.6), 1e-15);
        assertEquals(-0.006, ActivationTransform.identity(Activation.LEAKY_RELU).value(-0.6), 1e-15);
    }

    @Test
    void badTargetsNameTheParameter() {
        BadInputException e = assertThrows(BadInputException.class, () -> TransformSolver.dks(Activation.TANH, RESNET, 0.9, 1.0));
        assertEquals("c_slope_1", e.parameter().orElseThrow());
        e = assertThrows(BadInputException.class, () -> TransformSolver.tat(Activation.RELU, RESNET, 0.9, 0.3));
        assertEquals("activation", e.parameter().orElseThrow());
        e = assertThrows(BadInputException.class, () -> TransformSolver.tat(Activation.TANH, RESNET, 0.9, -1));
        assertEquals("c_curve", e.parameter().orElseThrow());
    }
}
