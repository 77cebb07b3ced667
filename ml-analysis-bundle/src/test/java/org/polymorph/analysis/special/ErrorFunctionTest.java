package org.polymorph.analysis.special;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorFunctionTest {
    @Test
    void erfcMatchesKnownValues() {
        assertEquals(0.8427007929497149, 1 - ErrorFunction.erfc(1.0), 1e-15);
        assertEquals(4.677734981047266e-3, ErrorFunction.erfc(2.0), 1e-15);
        assertEquals(1.5374597944280349e-12, ErrorFunction.erfc(5.0), 1e-25);
        assertEquals(1.9999779095030015, ErrorFunction.erfc(-3.0), 1e-15);
    }

    @Test
    void normalCdfAndErf() {
        assertEquals(0.5, ErrorFunction.normalCdf(0), 1e-16);
        assertEquals(0.8413447460685429, ErrorFunction.normalCdf(1), 1e-15);    // Python: math.erfc(-1/√2)/2
        assertEquals(1.3498980316300957e-3, ErrorFunction.normalCdf(-3), 1e-16);   // Python: math.erfc(3/√2)/2; absolute error ~1e-16
        assertEquals(-ErrorFunction.erf(0.7), ErrorFunction.erf(-0.7), 1e-16);
    }
}
