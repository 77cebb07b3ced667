package org.polymorph.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private final List<String> ids = List.of("bench.matmul", "bench.ops", "tensor.info", "example.rosenbrock");

    @Test
    void typosAndPartialNamesFindTheMethod() {
        assertEquals(List.of("tensor.info"), Suggestions.closeTo("tensor.inof", ids));
        assertEquals(List.of("bench.matmul"), Suggestions.closeTo("matmul", ids));
        assertEquals(List.of("bench.matmul", "bench.ops"), Suggestions.closeTo("bench", ids));
        assertEquals(List.of(), Suggestions.closeTo("md.run", ids));
        assertEquals("", Suggestions.didYouMean("zzz", ids));
    }

    @Test
    void editDistance() {
        assertEquals(0, Suggestions.editDistance("abc", "abc"));
        assertEquals(1, Suggestions.editDistance("abc", "abd"));
        assertEquals(3, Suggestions.editDistance("", "abc"));
        assertEquals(2, Suggestions.editDistance("ab", "ba"));
    }
}
