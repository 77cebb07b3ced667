package org.polymorph.shell.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    private static final String LONG = "fractional q-points qa,qb,qc (reciprocal basis of the unit cell), separated by '/': "
            + "0,0,0/0.5,0,0.5; one frequency list per q-point in frequencies.csv and result.json";

    private static Table describeLike() {
        return new Table("PARAMETER", "TYPE", "DEFAULT", "UNIT", "RANGE", "DESCRIPTION")
                .row("qpoints", "number lists", "0,0,0", "", "[-inf, inf]", LONG)
                .row("points_per_segment", "integer", "30", "points", "[1, 1000]", "q-points per path segment");
    }

    @Test
    void aLongDescriptionWrapsWithinTheWidthAndNoLineExceedsIt() {
        for (int width : new int[] {140, 120, 104}) {
            String t = describeLike().render("  ", width);
            List<String> lines = t.lines().toList();
            for (String l : lines) assertTrue(l.length() <= width, width + ": " + l.length() + " chars: '" + l + "'\n" + t);
            assertTrue(lines.size() > 4, "the description took more than one line at " + width + ":\n" + t);
            int column = lines.get(0).indexOf("DESCRIPTION");
            StringBuilder description = new StringBuilder();
            for (String l : lines.subList(2, lines.size())) {
                if (l.startsWith("  points_per_segment")) break;
                assertTrue(l.length() > column, "continuation lines keep the column: '" + l + "'\n" + t);
                assertEquals(l.substring(0, column).isBlank(), !l.startsWith("  qpoints"), l);
                description.append(description.length() == 0 ? "" : " ").append(l.substring(column));
            }
            assertEquals(LONG, description.toString(), "every word kept, in order, at " + width);
            assertTrue(t.contains("points_per_segment"), t);
        }
    }

    @Test
    void aTableThatFitsIsNotWrapped() {
        String t = new Table("METHOD", "DESCRIPTION").row("md.run", "molecular dynamics").render("", Table.DEFAULT_WIDTH);
        assertEquals("METHOD  DESCRIPTION\n------  ------------------\nmd.run  molecular dynamics\n", t);
    }

    @Test
    void aLongPathBreaksAfterASlashAndAVeryNarrowTerminalStillBounds() {
        assertEquals(List.of("/tmp/junit/runs/", "20261206-md.run"), Table.wrap("/tmp/junit/runs/20261206-md.run", 18));
        assertEquals(List.of("abcde", "fgh"), Table.wrap("abcdefgh", 5));
        for (int width : new int[] {72, 60, 30}) {
            String t = describeLike().render("", width);
            for (String l : t.lines().toList()) assertTrue(l.length() <= width, l.length() + ": '" + l + "'\n" + t);
            assertTrue(width < 60 || t.contains("frequency"), t);
        }
    }

    @Test
    void paragraphsWrapAtSpacesLineByLine() {
        assertEquals("md.run: molecular\ndynamics in metal\nunits\nsecond line\n", Table.paragraph("md.run: molecular dynamics in metal units\nsecond line", 17));
    }

    @Test
    void theWidthComesFromTheShellElseOneHundred() {
        assertEquals(132, Table.width(132));
        assertEquals(80, Table.width(" 80 "));
        assertEquals(100, Table.width(null));
        assertEquals(100, Table.width("wide"));
        assertEquals(100, Table.width(0));
    }
}
