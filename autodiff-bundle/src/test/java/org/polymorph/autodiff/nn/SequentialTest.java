package org.polymorph.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.WithAux;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

class SequentialTest {
    private final NnTesting n = new NnTesting();
    private final AdTesting t = n.t;

    @Test
    void flattenShapeAndValues() {
        Flatten f = new Flatten();
        assertEquals(Shape.of(2, 12), f.outputShape(Shape.of(2, 3, 2, 2)));
        Var x = t.normal(1, 2, 3, 2, 2);
        Var y = f.apply(Layer.noState(), x, Context.eval());
        t.assertClose(t.values(x), y, 0);
        assertEquals(Shape.of(2, 12), y.shape());
        n.checkLayer(f, Layer.noState(), Layer.noState(), x, Context.eval(), 1);
    }

    @Test
    void dropoutIsIdentityInEvalAndScaledMaskInTraining() {
        Dropout d = new Dropout(0.25);
        Var x = t.uniform(2, 1, 2, 40, 50);
        t.assertClose(x, d.apply(Layer.noState(), x, Context.eval()), 0);
        Context ctx = Context.train(RandomKey.of(7));
        double[] xv = t.values(x);
        double[] y = t.values(d.apply(Layer.noState(), x, ctx));
        int dropped = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 0) dropped++;
            else assertEquals(xv[i] / 0.75, y[i], 1e-15);
        }
        assertEquals(0.25, dropped / 2000.0, 0.03);
        // same key, same mask; another key, another mask
        t.assertClose(y, d.apply(Layer.noState(), x, ctx), 0);
        assertNotEquals(dropped, count0(t.values(d.apply(Layer.noState(), x, Context.train(RandomKey.of(8))))));
        assertThrows(IllegalStateException.class, () -> d.apply(Layer.noState(), x, new Context(true, null, null)));
        // gradient is the mask scaled by 1/(1 − rate)
        n.checkLayer(d, Layer.noState(), Layer.noState(), x, ctx, 2);
    }

    private static int count0(double[] v) {
        int c = 0;
        for (double d : v) if (d == 0) c++;
        return c;
    }

    @Test
    void serialThreadsShapesParamsStateAndKeys() {
        Layer net = Sequential.serial(new Conv2D(3, 3, 3).padding(Padding.SAME), new BatchNorm(), Activation.relu(),
                new MaxPool2D(2, 2), new Flatten(), new Dropout(0.5), new Dense(4));
        Layer.Init init = n.init(net, 0, 2, 4, 4, 1);
        assertEquals(Shape.of(2, 4), init.outputShape());
        assertEquals(7, ((List<?>) init.params()).size());
        Var x = t.normal(3, 2, 4, 4, 1);
        Layer.Output out = net.apply(init.params(), init.state(), x, Context.train(RandomKey.of(1)));
        assertEquals(Shape.of(2, 4), out.y().shape());
        assertTrue(((List<?>) out.state()).get(1) instanceof BatchNorm.Stats);
        assertThrows(IllegalArgumentException.class, () -> net.apply(List.of(), init.state(), x, Context.eval()));
        // gradient of the whole network in evaluation mode
        Layer small = Sequential.serial(new Conv2D(2, 2, 2), new BatchNorm(), Activation.tanh(), new Flatten(), new Dense(2));
        Layer.Init si = n.init(small, 1, 2, 3, 3, 1);
        n.checkLayer(small, si.params(), si.state(), t.normal(4, 2, 3, 3, 1), Context.train(null), 1);
    }

    @Test
    void trainingAnMlpReducesTheLossAndUpdatesState() {
        Layer net = Sequential.serial(new Dense(8), new BatchNorm(0.9, 1e-5), Activation.relu(), new Dropout(0.1), new Dense(3));
        Layer.Init init = n.init(net, 5, 12, 2);
        Var x = t.normal(6, 12, 2);
        double[] xv = t.values(x);
        int[] labels = new int[12];
        for (int i = 0; i < 12; i++) labels[i] = xv[2 * i] > 0 ? (xv[2 * i + 1] > 0 ? 0 : 1) : 2;
        Var y = t.o.constant(t.ts.fromArray(labels, 12));
        Object params = init.params();
        Object state = init.state();
        double first = 0;
        double last = 0;
        for (int step = 0; step < 60; step++) {
            Object st = state;
            Context ctx = Context.train(RandomKey.of(9).foldIn(step));
            ValueAndGrad<Object> vg = t.ad.valueAndGradWithAux(p -> {
                Layer.Output out = net.apply(p, st, x, ctx);
                return new WithAux(Losses.softmaxCrossEntropy(out.y(), y), out.state());
            }, params);
            params = Trees.zip(params, vg.grad(), t.o, (p, g) -> p.sub(g.mul(0.3)));
            state = vg.aux();
            if (step == 0) first = vg.value().item();
            last = vg.value().item();
        }
        assertTrue(last < 0.5 * first, "loss " + first + " → " + last);
        Var logits = net.apply(params, state, x, Context.eval()).y();
        assertTrue(Losses.accuracy(logits, y) >= 0.75, "accuracy " + Losses.accuracy(logits, y));
    }
}
