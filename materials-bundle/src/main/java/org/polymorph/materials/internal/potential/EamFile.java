package org.polymorph.materials.internal.potential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Readers for LAMMPS's EAM table files, as pair_eam.cpp / pair_eam_alloy.cpp read them. Arrays
 * are 1-based like LAMMPS's (index 0 unused), so that the interpolation code reads as the original.
 * <ul>
 * <li>funcfl ({@code pair_style eam}): line 1 comment; line 2 "Z mass [a lattice]"; line 3
 * "Nrho drho Nr dr cutoff"; then Nrho values of F(ρ) (eV), Nr of Z(r) (√(Hartree·Bohr)), Nr of
 * ρ(r), any number per line.</li>
 * <li>setfl ({@code pair_style eam/alloy}): lines 1-3 comments; line 4 "Ne el1 el2 ..."; line 5
 * "Nrho drho Nr dr cutoff"; per element a line "Z mass a lattice", Nrho values of F and Nr of ρ;
 * then r·φ(r) (eV·Å) for every pair i ≥ j in the order (0,0), (1,0), (1,1), (2,0), ...</li>
 * </ul>
 * Errors name the file and the line.
 */
final class EamFile {
    /** One funcfl file: grids and the tabulated F(ρ) [nrho+1], Z(r) [nr+1], ρ(r) [nr+1]. */
    record Funcfl(String file, double mass, int nrho, double drho, int nr, double dr, double cut, double[] frho, double[] zr, double[] rhor) { }

    /** One setfl file: F [Ne][nrho+1], ρ [Ne][nr+1], r·φ [Ne(Ne+1)/2][nr+1] (lower triangle, row-major). */
    record Setfl(String file, List<String> elements, double[] masses, int nrho, double drho, int nr, double dr, double cut,
                 double[][] frho, double[][] rhor, double[][] z2r) { }

    private final String file;
    private final List<String> lines;
    private int line;          // 0-based index of the current line
    private String[] tokens = new String[0];
    private int next;
    private final long chars;  // characters in the file (line ends included)

    private EamFile(Path path) {
        this.file = path.toString();
        try {
            // bytes that are not UTF-8 become U+FFFD, so that they fail as a bad field naming the line, not as an unreadable file
            this.lines = new String(Files.readAllBytes(path), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("EAM file " + path + " cannot be read: " + e.getMessage(), e);
        }
        this.line = -1;
        this.chars = lines.stream().mapToLong(l -> l.length() + 1).sum();
    }

    static Funcfl funcfl(Path path) {
        EamFile in = new EamFile(path);
        in.skipLine();
        in.newLine(2, "Z mass");
        in.integer("Z");
        double mass = in.number("mass");
        Grid g = in.grid();
        double[] frho = in.values(g.nrho(), "F(rho)");
        double[] zr = in.values(g.nr(), "Z(r)");
        double[] rhor = in.values(g.nr(), "rho(r)");
        return new Funcfl(in.file, mass, g.nrho(), g.drho(), g.nr(), g.dr(), g.cut(), frho, zr, rhor);
    }

    static Setfl setfl(Path path) {
        EamFile in = new EamFile(path);
        for (int k = 0; k < 3; k++) in.skipLine();
        in.newLine(1, "Nelements element1 ...");
        int ne = in.integer("Nelements");
        if (ne < 1) throw in.error("Nelements = " + ne + "; give at least one element");
        if (in.tokens.length != ne + 1) {
            throw in.error("Nelements = " + ne + " but " + (in.tokens.length - 1) + " element names; give one name per element");
        }
        List<String> elements = List.of(java.util.Arrays.copyOfRange(in.tokens, 1, ne + 1));
        in.next = in.tokens.length;
        Grid g = in.grid();
        double[] masses = new double[ne];
        double[][] frho = new double[ne][];
        double[][] rhor = new double[ne][];
        for (int i = 0; i < ne; i++) {
            in.newLine(2, "Z mass [a lattice] of " + elements.get(i));
            in.integer("Z");
            masses[i] = in.number("mass");
            in.next = in.tokens.length;
            frho[i] = in.values(g.nrho(), "F(rho) of " + elements.get(i));
            rhor[i] = in.values(g.nr(), "rho(r) of " + elements.get(i));
        }
        double[][] z2r = new double[ne * (ne + 1) / 2][];
        for (int i = 0, n = 0; i < ne; i++) {
            for (int j = 0; j <= i; j++) z2r[n++] = in.values(g.nr(), "r*phi(r) of " + elements.get(i) + "-" + elements.get(j));
        }
        return new Setfl(in.file, elements, masses, g.nrho(), g.drho(), g.nr(), g.dr(), g.cut(), frho, rhor, z2r);
    }

    /** The tabulation grid both formats share: points and spacing of ρ and r (Å), and the cutoff (Å). */
    private record Grid(int nrho, double drho, int nr, double dr, double cut) { }

    /** Reads the "Nrho drho Nr dr cutoff" line (Java evaluates the arguments left to right, in the file's order). */
    private Grid grid() {
        newLine(5, "Nrho drho Nr dr cutoff");
        return new Grid(count("Nrho"), positive("drho"), count("Nr"), positive("dr"), positive("cutoff"));
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("EAM file " + file + ", line " + (line + 1) + ": " + what);
    }

    private void skipLine() {
        line++;
        if (line >= lines.size()) throw error("the file ends early (header incomplete)");
        tokens = new String[0];
        next = 0;
    }

    /** Moves to the next line and checks it holds at least {@code min} fields. */
    private void newLine(int min, String fields) {
        skipLine();
        tokens = lines.get(line).trim().split("\\s+");
        if (tokens.length < min || tokens[0].isEmpty()) throw error("expected \"" + fields + "\", got \"" + lines.get(line).trim() + "\"");
    }

    private String token(String what) {
        while (next >= tokens.length) {
            line++;
            if (line >= lines.size()) throw new IllegalArgumentException("EAM file " + file + ": the file ends before " + what + " is complete");
            String s = lines.get(line).trim();
            tokens = s.isEmpty() ? new String[0] : s.split("\\s+");
            next = 0;
        }
        return tokens[next++];
    }

    private double number(String what) {
        String t = token(what);
        try {
            double v = Double.parseDouble(t.replace('D', 'E').replace('d', 'e'));
            if (!Double.isFinite(v)) throw error(what + " is " + t + "; give a finite number");
            return v;
        } catch (NumberFormatException e) {
            throw error(what + ": \"" + t + "\" is not a number");
        }
    }

    private int integer(String what) {
        String t = token(what);
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw error(what + ": \"" + t + "\" is not an integer");
        }
    }

    private int count(String what) {
        int n = integer(what);
        if (n < 5) throw error(what + " = " + n + "; the tables need at least 5 points");
        // each value takes at least two characters (digit and separator): a larger count is not the file's, and must not
        // allocate memory out of proportion to it
        if (n > chars / 2) throw error(what + " = " + n + " but the file holds only " + chars + " characters; give the number of values the file has");
        return n;
    }

    private double positive(String what) {
        double v = number(what);
        if (!(v > 0)) throw error(what + " = " + v + "; give a positive value");
        return v;
    }

    /** n numbers into a 1-based array [n+1]. */
    private double[] values(int n, String what) {
        double[] out = new double[n + 1];
        for (int k = 1; k <= n; k++) out[k] = number(what + " value " + k + " of " + n);
        return out;
    }
}
