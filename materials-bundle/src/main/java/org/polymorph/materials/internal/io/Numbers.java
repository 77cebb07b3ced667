package org.polymorph.materials.internal.io;

import java.util.regex.Pattern;

/**
 * The one number syntax of every structure-file reader: what C's printf, Python's repr and Fortran's
 * E, F, G and D edit descriptors write, i.e. an optional sign, digits with an optional decimal point
 * ("5", "5.", ".5", "5.431"), and an optional exponent "e", "E", "d" or "D" followed by a signed integer
 * ("1.0E-20", Fortran's "0.5431D+01"). Nothing else: no "inf" or "nan" (no structure holds them), no
 * Java-only forms such as hexadecimal "0x1p3" or the type suffixes of "2.63d" and "1f", no digits of
 * other scripts. Integers are an optional sign and ASCII digits.
 */
final class Numbers {
    private Numbers() { }

    private static final Pattern REAL = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eEdD][+-]?[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    /** The value of a real number token; NumberFormatException when it is not one or is beyond ±1.8e308. */
    static double real(String token) {
        if (token == null || token.length() > 400 || !REAL.matcher(token).matches()) {
            throw new NumberFormatException("not a decimal number");
        }
        double v = Double.parseDouble(token.replace('d', 'e').replace('D', 'e'));
        if (!Double.isFinite(v)) throw new NumberFormatException("beyond the range of double precision");
        return v;
    }

    /** The value of an integer token; NumberFormatException when it is not one or is beyond ±2147483647. */
    static int integer(String token) {
        if (token == null || !INTEGER.matcher(token).matches()) throw new NumberFormatException("not an integer");
        return Integer.parseInt(token);
    }

    /** Whether the token is an integer in the syntax above (of any size). */
    static boolean isInteger(String token) { return token != null && INTEGER.matcher(token).matches(); }
}
