package org.polymorph.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void basics() {
        Shape s = Shape.of(2, 0, 3);
        assertEquals(3, s.rank());
        assertEquals(0, s.size());
        assertEquals(3, s.dim(-1));
        assertEquals(2, s.dim(0));
        assertEquals("[2, 0, 3]", s.toString());
        assertSame(Shape.scalar(), Shape.of());
        assertEquals(1, Shape.scalar().size());
        assertEquals(0, Shape.scalar().rank());
        assertEquals(Shape.of(2, 3), Shape.of(2, 3));
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
        assertNotEquals(Shape.of(3, 2), Shape.of(2, 3));
        assertEquals(6_000_000_000L, Shape.of(100_000, 60_000).size(), "size does not overflow int");
    }

    @Test
    void isImmutable() {
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 99;
        s.toArray()[1] = 99;
        assertArrayEquals(new int[] {2, 3}, s.toArray());
    }

    @Test
    void negativeLengthsAndBadAxesAreRejectedWithContext() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        assertTrue(e.getMessage().contains("-1") && e.getMessage().contains("axis 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).normalizeAxis(2));
        assertTrue(e.getMessage().contains("axis 2") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).normalizeAxis(-3));
        assertThrows(IllegalArgumentException.class, () -> Shape.scalar().normalizeAxis(0));
        assertEquals(1, Shape.of(2, 3).normalizeAxis(-1));
    }

    @Test
    void broadcastFollowsNumpy() {
        assertEquals(Shape.of(5, 3, 4), Shape.broadcast(Shape.of(5, 1, 4), Shape.of(3, 1)));
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.scalar(), Shape.of(2, 3)));
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.of(2, 3), Shape.scalar()));
        assertEquals(Shape.of(0, 3), Shape.broadcast(Shape.of(0, 1), Shape.of(1, 3)));
        assertEquals(Shape.of(2, 0), Shape.broadcast(Shape.of(2, 1), Shape.of(0)));
        assertEquals(Shape.scalar(), Shape.broadcast(Shape.scalar(), Shape.scalar()));
        assertEquals(Shape.of(1, 1), Shape.broadcast(Shape.of(1), Shape.of(1, 1)));
    }

    @Test
    void incompatibleBroadcastNamesBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.broadcast(Shape.of(2, 3), Shape.of(4)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.broadcast(Shape.of(0), Shape.of(2)));
    }
}
