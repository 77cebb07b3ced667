package org.polymorph.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;

class KeyValueArgsTest {
    @Test
    void firstEqualsSignSplitsAndOrderIsKept() {
        Map<String, String> m = KeyValueArgs.parse("m", List.of("b=2", "expr=a=b+c", "a="));
        assertEquals(List.of("b", "expr", "a"), List.copyOf(m.keySet()));
        assertEquals("a=b+c", m.get("expr"));
        assertEquals("", m.get("a"));
    }

    @Test
    void tokenWithoutEqualsIsRejectedWithItsText() {
        BadInputException e = assertThrows(BadInputException.class, () -> KeyValueArgs.parse("bench.matmul", List.of("n=3", "1000")));
        assertTrue(e.getMessage().contains("'1000'"), e.getMessage());
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());
        assertTrue(e.getMessage().contains("describe bench.matmul"), e.getMessage());
    }

    @Test
    void emptyKeyAndRepeatedKeyAreRejected() {
        assertThrows(BadInputException.class, () -> KeyValueArgs.parse("m", List.of("=3")));
        BadInputException e = assertThrows(BadInputException.class, () -> KeyValueArgs.parse("m", List.of("n=3", "n=4")));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }
}
