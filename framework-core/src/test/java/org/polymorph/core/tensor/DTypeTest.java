package org.polymorph.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DTypeTest {

    @Test
    void parsesNamesAndAliases() {
        assertEquals(DType.FLOAT64, DType.parse("float64"));
        assertEquals(DType.FLOAT64, DType.parse(" Double "));
        assertEquals(DType.FLOAT64, DType.parse("F64"));
        assertEquals(DType.FLOAT32, DType.parse("float"));
        assertEquals(DType.FLOAT32, DType.parse("f32"));
        assertEquals(DType.INT32, DType.parse("int"));
        assertEquals(DType.INT32, DType.parse("i32"));
        assertEquals(DType.INT64, DType.parse("LONG"));
        assertEquals(DType.INT64, DType.parse("int64"));
        assertEquals(DType.BOOL, DType.parse("boolean"));
        for (DType d : DType.values()) assertEquals(d, DType.parse(d.id()), "round trip of " + d);
    }

    @Test
    void unknownNameListsTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse("complex128"));
        assertTrue(e.getMessage().contains("complex128"), e.getMessage());
        assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("bool"), e.getMessage());
    }

    @Test
    void properties() {
        assertEquals(8, DType.FLOAT64.byteSize());
        assertEquals(4, DType.FLOAT32.byteSize());
        assertEquals(4, DType.INT32.byteSize());
        assertEquals(8, DType.INT64.byteSize());
        assertEquals(1, DType.BOOL.byteSize());
        assertTrue(DType.FLOAT32.isFloating());
        assertFalse(DType.INT64.isFloating());
        assertTrue(DType.INT64.isInteger());
        assertFalse(DType.BOOL.isInteger());
        assertFalse(DType.BOOL.isFloating());
        assertEquals("float32", DType.FLOAT32.toString());
    }
}
