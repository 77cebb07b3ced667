package org.polymorph.shell.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MethodViewsTest {
    @Test
    void defaultsArePrintedCompactly() {
        assertEquals("0.001", MethodViews.number(1e-3));
        assertEquals("1", MethodViews.number(1.0));
        assertEquals("1.5", MethodViews.number(1.5));
        assertEquals("0", MethodViews.number(0.0));
        assertEquals("1e-08", MethodViews.number(1e-8));
        assertEquals("2.5e+07", MethodViews.number(2.5e7));
        assertEquals("-0.25", MethodViews.number(-0.25));
    }

    @Test
    void firstLineOnly() {
        assertEquals("a b", MethodViews.firstLine("  a b \n c"));
        assertEquals("", MethodViews.firstLine(null));
    }
}
