package org.polymorph.materials.io;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Element symbols H (Z = 1) to Bi (Z = 83) and their standard atomic weights (amu), the IUPAC 2016
 * values in abridged conventional form, as tabulated by ASE ({@code ase.data.atomic_masses_iupac2016}).
 * Tc and Pm have no standard atomic weight; they get the mass of their longest-lived isotope.
 */
public final class Elements {
    private Elements() { }

    /** Symbols in order of atomic number, index Z − 1. */
    public static final List<String> SYMBOLS = List.of(
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
        "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
        "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
        "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
        "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi");

    private static final double[] MASSES = {
        1.008, 4.002602, 6.94, 9.0121831, 10.81, 12.011, 14.007, 15.999, 18.998403163, 20.1797,
        22.98976928, 24.305, 26.9815385, 28.085, 30.973761998, 32.06, 35.45, 39.948,
        39.0983, 40.078, 44.955908, 47.867, 50.9415, 51.9961, 54.938044, 55.845, 58.933194, 58.6934, 63.546, 65.38,
        69.723, 72.630, 74.921595, 78.971, 79.904, 83.798,
        85.4678, 87.62, 88.90584, 91.224, 92.90637, 95.95, 97.90721, 101.07, 102.90550, 106.42, 107.8682, 112.414,
        114.818, 118.710, 121.760, 127.60, 126.90447, 131.293,
        132.90545196, 137.327, 138.90547, 140.116, 140.90766, 144.242, 144.91276, 150.36, 151.964, 157.25, 158.92535,
        162.500, 164.93033, 167.259, 168.93422, 173.054, 174.9668,
        178.49, 180.94788, 183.84, 186.207, 190.23, 192.217, 195.084, 196.966569, 200.592, 204.38, 207.2, 208.98040};

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        if (SYMBOLS.size() != MASSES.length) throw new AssertionError("element table: symbols and masses differ in length");
        for (int i = 0; i < MASSES.length; i++) INDEX.put(SYMBOLS.get(i), i);
    }

    public static boolean isElement(String symbol) { return INDEX.containsKey(symbol); }

    /** Standard atomic weight (amu) of an element symbol (case-sensitive, "Si" not "SI"). */
    public static double mass(String symbol) {
        Integer i = INDEX.get(symbol);
        if (i == null) throw new IllegalArgumentException("unknown element symbol '" + symbol
                + "'; use a symbol from H to Bi with standard capitalisation (e.g. Si, Cu)");
        return MASSES[i];
    }

    /** Atomic number Z of an element symbol. */
    public static int number(String symbol) {
        mass(symbol);
        return INDEX.get(symbol) + 1;
    }
}
