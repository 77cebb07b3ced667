package org.polymorph.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Shape;

class DenseTest {
    private final NnTesting n = new NnTesting();
    private final AdTesting t = n.t;

    @Test
    void shapeAndValueAgainstLoops() {
        Dense dense = new Dense(3, Initializers.gaussian(1), Initializers.gaussian(1), true);
        Layer.Init init = n.init(dense, 1, 4, 5);
        assertEquals(Shape.of(4, 3), init.outputShape());
        Dense.Params p = (Dense.Params) init.params();
        assertEquals(Shape.of(5, 3), p.w().shape());
        Var x = t.normal(2, 4, 5);
        Var y = dense.apply(p, init.state(), x, Context.eval()).y();
        double[] xv = t.values(x);
        double[] w = t.values(p.w());
        double[] b = t.values(p.b());
        double[] want = new double[12];
        for (int i = 0; i < 4; i++) {
            for (int o = 0; o < 3; o++) {
                double s = b[o];
                for (int k = 0; k < 5; k++) s += xv[i * 5 + k] * w[k * 3 + o];
                want[i * 3 + o] = s;
            }
        }
        t.assertClose(want, y, 1e-14);
        assertEquals(Shape.of(4, 3), y.shape());
    }

    @Test
    void actsOnTheLastAxisOfHigherRanks() {
        Dense dense = new Dense(2);
        Layer.Init init = n.init(dense, 3, 2, 3, 4);
        assertEquals(Shape.of(2, 3, 2), init.outputShape());
        Var x = t.normal(4, 2, 3, 4);
        Var y = dense.apply(init.params(), init.state(), x, Context.eval()).y();
        Var rows = dense.apply(init.params(), init.state(), x.reshape(6, 4), Context.eval()).y();
        t.assertClose(rows.reshape(2, 3, 2), y, 0);
    }

    @Test
    void gradientsToSecondOrderInParamsAndInput() {
        Dense dense = new Dense(3, Initializers.gaussian(1), Initializers.gaussian(1), true);
        Layer.Init init = n.init(dense, 5, 4, 5);
        n.checkLayer(dense, init.params(), init.state(), t.normal(6, 4, 5), Context.eval(), 2);
        // a non-linear composition, second order
        Layer mlp = Sequential.serial(dense, Activation.tanh(), new Dense(2));
        Layer.Init i2 = n.init(mlp, 7, 4, 5);
        n.checkLayer(mlp, i2.params(), i2.state(), t.normal(8, 4, 5), Context.eval(), 2);
    }

    @Test
    void withoutBiasAndBadInputs() {
        Dense dense = new Dense(2, Initializers.lecunNormal(), Initializers.zeros(), false);
        Dense.Params p = (Dense.Params) n.init(dense, 1, 3, 4).params();
        assertNull(p.b());
        n.checkLayer(dense, p, Layer.noState(), t.normal(2, 3, 4), Context.eval(), 1);
        assertThrows(IllegalArgumentException.class, () -> dense.apply(p, t.normal(3, 3, 5), Context.eval()));
        assertThrows(IllegalArgumentException.class, () -> dense.apply("not params", t.normal(3, 3, 4), Context.eval()));
        assertThrows(IllegalArgumentException.class, () -> new Dense(0));
    }
}
