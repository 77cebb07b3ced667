package org.polymorph.analysis.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.analysis.network.LayerSpec.Kind;
import org.polymorph.core.method.BadInputException;

class NetworkSpecTest {

    @Test
    void parsesTheIssueExampleWithDefaults() {
        NetworkSpec s = NetworkSpec.parse("dense(out=512,w_std=1.5,b_std=0.05),relu,dense(out=512,w_std=1.5,b_std=0.05),relu,dense(out=1,w_std=1.5,b_std=0.05)");
        assertEquals(5, s.layers().size());
        LayerSpec d = s.layers().get(0);
        assertEquals(Kind.DENSE, d.kind());
        assertEquals(512, d.intArg("out"));
        assertEquals(1.5, d.doubleArg("w_std"));
        assertEquals(0.05, d.doubleArg("b_std"));
        assertTrue(d.hasParams());
        assertFalse(s.layers().get(1).hasParams());
        LayerSpec c = NetworkSpec.parse("conv(out=8)").layers().get(0);
        assertEquals(3, c.intArg("kernel"));
        assertEquals(1, c.intArg("stride"));
        assertEquals("valid", c.textArg("padding"));
        assertEquals(1.0, c.doubleArg("w_std"));
        assertEquals(0.0, c.doubleArg("b_std"));
        assertEquals(0.01, NetworkSpec.parse("leaky_relu").layers().get(0).doubleArg("slope"));
    }

    @Test
    void positionalArgumentsFollowTheDeclaredOrder() {
        NetworkSpec s = NetworkSpec.parse("avg_pool(2,2), leaky_relu(0.2), DENSE(10, w_std=2)");
        assertEquals(2, s.layers().get(0).intArg("window"));
        assertEquals(2, s.layers().get(0).intArg("stride"));
        assertEquals(0.2, s.layers().get(1).doubleArg("slope"));
        assertEquals(10, s.layers().get(2).intArg("out"));
        assertEquals(2.0, s.layers().get(2).doubleArg("w_std"));
    }

    @Test
    void textRoundTripsThroughParse() {
        String[] nets = {
            "dense(out=512,w_std=1.5,b_std=0.05),relu,dense(out=1)",
            "conv(out=4,kernel=3,stride=2,padding=same,w_std=1.3,b_std=0.1),erf,avg_pool(window=2),conv(8,1),gelu,global_avg_pool,dense(3)",
            "flatten,tanh,sigmoid,abs,identity,leaky_relu(slope=-0.5),dense(out=7,w_std=0.000012)",
        };
        for (String n : nets) {
            NetworkSpec s = NetworkSpec.parse(n);
            NetworkSpec again = NetworkSpec.parse(s.text());
            assertEquals(s, again, n);
            assertEquals(s.text(), again.text());
        }
        assertEquals("dense(out=512,w_std=1.5,b_std=0.05),relu", NetworkSpec.parse("dense(512, 1.5, 0.05), relu").text());
        assertEquals("conv(out=4,kernel=3,stride=1,padding=valid,w_std=1,b_std=0)", NetworkSpec.parse("conv(4)").text());
        assertEquals(NetworkSpec.parse("dense(3)"), new NetworkSpec(java.util.List.of(LayerSpec.of(Kind.DENSE, Map.of("out", 3)))));
    }

    @Test
    void outputShapes() {
        assertArrayEquals(new int[] {1}, NetworkSpec.parse("dense(512),relu,dense(1)").outputShape(new int[] {8}));
        assertArrayEquals(new int[] {8, 8, 5}, NetworkSpec.parse("dense(5)").outputShape(new int[] {8, 8, 3}));
        assertArrayEquals(new int[] {6, 6, 4}, NetworkSpec.parse("conv(4)").outputShape(new int[] {8, 8, 3}));
        assertArrayEquals(new int[] {4, 4, 4}, NetworkSpec.parse("conv(4,stride=2,padding=same)").outputShape(new int[] {8, 8, 3}));
        assertArrayEquals(new int[] {3, 3, 4}, NetworkSpec.parse("conv(4,kernel=3,stride=2)").outputShape(new int[] {8, 8, 3}));
        assertArrayEquals(new int[] {7, 7, 3}, NetworkSpec.parse("avg_pool(2)").outputShape(new int[] {8, 8, 3}));
        assertArrayEquals(new int[] {3, 3, 3}, NetworkSpec.parse("avg_pool(3,2)").outputShape(new int[] {8, 8, 3}));
        assertArrayEquals(new int[] {3}, NetworkSpec.parse("global_avg_pool").outputShape(new int[] {8, 8, 3}));
        assertArrayEquals(new int[] {10}, NetworkSpec.parse("conv(4,padding=same),relu,flatten,dense(10)").outputShape(new int[] {5, 5, 2}));
        assertArrayEquals(new int[] {5, 5, 2}, NetworkSpec.parse("relu,identity,erf").outputShape(new int[] {5, 5, 2}));
    }

    @Test
    void shapeMismatchesNameTheLayerAndTheFix() {
        BadInputException e = assertThrows(BadInputException.class, () -> NetworkSpec.parse("dense(4),conv(3)").outputShape(new int[] {8}));
        assertTrue(e.getMessage().contains("layer 1"), e.getMessage());
        assertTrue(e.getMessage().contains("(H, W, C)"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> NetworkSpec.parse("conv(4,kernel=5)").outputShape(new int[] {3, 3, 1}));
        assertTrue(e.getMessage().contains("layer 0") && e.getMessage().contains("padding=same"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> NetworkSpec.parse("global_avg_pool").outputShape(new int[] {8}));
        assertEquals("layers", e.parameter().orElseThrow());
    }

    @Test
    void parseErrorsNameLayerIndexKeyValueAndFix() {
        assertError("dense(out=abc)", "layer 0", "'out' = 'abc'", "whole number");
        assertError("relu,dense(out=0)", "layer 1", "'out' = '0'", "integer ≥ 1");
        assertError("relu,relu,dense(w_std=2)", "layer 2", "'out'", "add out=");
        assertError("dense(out=3,w_sd=2)", "layer 0", "'w_sd'", "did you mean w_std");
        assertError("dense(out=3,w_std=-1)", "layer 0", "'w_std' = '-1'", "≥ 0");
        assertError("conv(out=3,padding=full)", "layer 0", "'padding' = 'full'", "valid, same");
        assertError("relu,rleu", "layer 1", "'rleu' is not a layer", "did you mean relu");
        assertError("relu(3)", "layer 0", "takes 0 arguments", "without parentheses");
        assertError("dense(out=3", "'(' is never closed", "close", "layers");
        assertError("dense(out=3,out=4)", "layer 0", "'out' twice", "once");
        assertError("dense(out=3),", "layer 1", "'' is not a layer", "use one of");
        assertError("", "empty", "dense(out=512)", "layers");
    }

    private static void assertError(String text, String... parts) {
        BadInputException e = assertThrows(BadInputException.class, () -> NetworkSpec.parse(text), text);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
        assertEquals("layers", e.parameter().orElseThrow());
        assertTrue(e.fix().isPresent());
    }
}
