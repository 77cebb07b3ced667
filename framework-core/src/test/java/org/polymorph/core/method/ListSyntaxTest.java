package org.polymorph.core.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command-line list syntax: items by '/', the older ';' still read, empty items and trailing garbage refused. */
class ListSyntaxTest {
    private static final ParamSpec QPOINTS = ParamSpec.realLists("qpoints", List.of(List.of(0.0, 0.0, 0.0)), "", -Double.MAX_VALUE,
            Double.MAX_VALUE, 3, "fractional q-points");

    private static BadInputException bad(ParamSpec spec, String raw, String... fragments) {
        BadInputException e = assertThrows(BadInputException.class, () -> spec.parse(raw), raw);
        assertTrue(e.getMessage().contains("'" + spec.name() + "'"), "names the parameter: " + e.getMessage());
        assertTrue(e.getMessage().contains("'" + raw + "'"), "names the value: " + e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "mentions '" + f + "': " + e.getMessage());
        assertTrue(!e.getMessage().contains("Exception") && !e.getMessage().contains("java."), e.getMessage());
        return e;
    }

    @Test
    void qpointsSplitAtTheSlashAndStillAtTheOldSemicolon() {
        List<List<Double>> two = List.of(List.of(0.0, 0.0, 0.0), List.of(0.5, 0.5, 0.5));
        assertEquals(two, QPOINTS.parse("0,0,0/0.5,0.5,0.5"));
        assertEquals(two, QPOINTS.parse("0,0,0;0.5,0.5,0.5"), "the quoted older form");
        assertEquals(two, QPOINTS.parse(" 0, 0 ,0 / .5,0.5,5e-1 "));
        assertEquals(List.of(List.of(-0.25, 1e-3, 2.0)), QPOINTS.parse("-0.25,1E-3,+2"));
        assertEquals(ParamType.DOUBLE_LISTS, QPOINTS.type());
        assertEquals("[-inf, inf]", QPOINTS.rangeText());
        assertEquals("3 numbers per item: numbers separated by commas, items by '/' (e.g. 0,0,0/0.5,0.5,0.5)", QPOINTS.syntax());
    }

    @Test
    void trailingGarbageAndEmptyItemsAreRefusedWithTheExpectedForm() {
        bad(QPOINTS, "0,0,0;", "empty item after the last separator", "items by '/'");
        bad(QPOINTS, "0,0,0/", "empty item after the last separator");
        bad(QPOINTS, "/0,0,0", "empty item before the first separator");
        bad(QPOINTS, "0,0,0//1,1,1", "empty item between two separators");
        bad(QPOINTS, "0,0,0,", "empty element after the last separator", "3 numbers per item");
        bad(QPOINTS, "0,,0", "empty element between two separators");
        bad(QPOINTS, "0,0", "'0,0' has 2 numbers, not 3", "e.g. 0,0,0/0.5,0.5,0.5");
        bad(QPOINTS, "0,0,0/1,1,1,1", "'1,1,1,1' has 4 numbers, not 3");
        bad(QPOINTS, "0,0,x", "'x' is not a number");
        bad(QPOINTS, "", "empty list");
        bad(QPOINTS, "0,0,0 0.5,0.5,0.5", "'0 0.5' is not a number");
    }

    @Test
    void numbersAreDecimalAsPeopleWriteThem() {
        for (String s : List.of("0x1p0", "2.63d", "1f", "NaN", "Infinity", "-Infinity", "1e", "1.2.3", "--1", "1e400")) {
            assertThrows(BadInputException.class, () -> ListSyntax.number("x", s, s, "a decimal number"), s);
        }
        assertEquals(0.5, ListSyntax.number("x", ".5", ".5", "a decimal number"));
        assertEquals(5.0, ListSyntax.number("x", "5.", "5.", "a decimal number"));
        assertEquals(-2e-3, ListSyntax.number("x", "-2e-3", "-2e-3", "a decimal number"));
        assertArrayEquals(new double[] {1, 2.5}, ListSyntax.numbers("x", "1,2.5", "1,2.5", 0, "numbers"));
    }

    @Test
    void plainListsRefuseTrailingCommasToo() {
        ParamSpec repeat = ParamSpec.intList("repeat", List.of(1, 1, 1), "cells", 1, 1000, "repeats");
        assertEquals(List.of(2, 2, 2), repeat.parse("2,2,2"));
        bad(repeat, "2,2,2,", "empty element");
        bad(repeat, "2,,2", "empty element");
        ParamSpec temps = ParamSpec.realList("temps", List.of(300.0), "K", 0, 5000, "temperatures");
        bad(temps, "300,", "empty element");
        bad(temps, "300,2.5d", "'2.5d' is not a number");
        bad(ParamSpec.real("dt", 1.0, "fs", 0, 10, "time step"), "0x1p0", "not a number");
        assertEquals(List.of("a", "b"), ListSyntax.items("p", "a;b", "a/b"));
    }

    @Test
    void smallBoundsPrintInScientificFormAndDoNotStopParsing() {
        ParamSpec tol = ParamSpec.real("tol", 1e-3, "", 1e-6, 1, "tolerance");
        assertEquals("[1e-06, 1]", tol.rangeText());
        assertEquals(1e-4, tol.parse("1e-4"));
        assertEquals("[1.5e-07, 2.5e+20]", ParamSpec.realList("x", List.of(1.0), "", 1.5e-7, 2.5e20, "x").rangeText());
        bad(tol, "2", "out of range [1e-06, 1]");
    }

    @Test
    void aListOfListsSpecCarriesItsItemSizeOnly() {
        assertThrows(IllegalArgumentException.class, () -> new ParamSpec("n", ParamType.INT, 1, "", 0, 1, List.of(), "x", 3));
        assertEquals(0, ParamSpec.integer("n", 1, "", 0, 1, "x").itemSize());
        ParamSpec any = ParamSpec.realLists("w", List.of(), "", 0, 1, 0, "weights");
        assertEquals(List.of(List.of(0.5), List.of(0.25, 1.0)), any.parse("0.5/0.25,1"));
        bad(any, "0.5/2", "out of range [0, 1]");
        Params p = Params.parse("m", List.of(QPOINTS), java.util.Map.of("qpoints", "0,0,0/1,0,0"));
        assertEquals(List.of(1.0, 0.0, 0.0), p.getDoubleLists("qpoints").get(1));
    }
}
