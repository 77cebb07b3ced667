package org.polymorph.materials.internal.potential.provider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.internal.potential.files.ThreeBodyFile;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/**
 * A LAMMPS three-body style (sw, tersoff, edip): one file whose entries {@code e1 e2 e3 numbers...} are
 * tabulated by type triplet ({@code pair_coeff * * file El1 El2 ...}); each number may be overridden by
 * name for every entry. Full neighbour lists, row-decomposable kernels, and fittable: one element's entry
 * as a flat vector in file order, with the entry LAMMPS uses outside the formulas (sw's tol, tersoff's m)
 * kept fixed.
 */
abstract class ThreeBodyStyle implements PotentialProvider, FittableStyle {
    /** A potential from its table [parameter][T³ slots] (file order). */
    @FunctionalInterface
    interface Table {
        Potential make(int types, double[][] table);
    }

    private final String style;
    private final List<String> names;
    private final String fixedEntry;
    private final Table table;
    private final Function<List<Var>, Object> params;

    /** {@code fixedEntry}: the number that cannot be freed, or null; {@code params}: the parameter pytree from one Var per number. */
    ThreeBodyStyle(String style, List<String> names, String fixedEntry, Table table, Function<List<Var>, Object> params) {
        this.style = style;
        this.names = List.copyOf(names);
        this.fixedEntry = fixedEntry;
        this.table = table;
        this.params = params;
    }

    @Override public String style() { return style; }

    @Override
    public List<PotentialParameter> parameters() {
        List<PotentialParameter> out = new ArrayList<>();
        for (String n : names) out.add(PotentialParameter.optional(n, "", "", "replaces this number of every entry of the file"));
        return out;
    }

    @Override public FileRule files() { return FileRule.ONE; }
    @Override public String fileHint() { return "a LAMMPS " + style + " file such as Si." + style; }
    @Override public ListKind listKind() { return ListKind.FULL; }
    @Override public boolean rowDecomposable() { return true; }
    @Override public Optional<FittableStyle> fittable() { return Optional.of(this); }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) {
        double[][] t = ThreeBodyFile.read(files.get(0), names, elements, Set.of());
        for (int k = 0; k < names.size(); k++) if (v.given(names.get(k))) Arrays.fill(t[k], v.real(names.get(k)));
        return ThreeBodyFile.naming(files.get(0), () -> table.make(elements.size(), t));
    }

    @Override public List<String> names() { return names; }

    @Override public boolean freeable(String name) { return names.contains(name) && !name.equals(fixedEntry); }

    @Override
    public int index(String name) {
        int k = names.indexOf(name);
        if (k < 0) throw new IllegalArgumentException("free parameter '" + name + "' is not a " + style + " parameter; use one of " + names);
        return k;
    }

    @Override
    public double[] read(Path file, String element) {
        double[][] t = ThreeBodyFile.read(file, names, List.of(element), Set.of());
        double[] out = new double[names.size()];
        for (int k = 0; k < out.length; k++) out[k] = t[k][0];
        ThreeBodyFile.naming(file, () -> potential(out));          // the style's own checks (signs, c < a)
        return out;
    }

    @Override
    public Potential potential(double[] values) {
        double[][] t = new double[values.length][];
        for (int k = 0; k < values.length; k++) t[k] = new double[] {values[k]};
        return table.make(1, t);
    }

    @Override public Object params(List<Var> values) { return params.apply(values); }

    /** A LAMMPS parameter file with one entry {@code element element element}; %.17g keeps every double exactly. */
    @Override
    public String write(String element, double[] values, String comment) {
        StringBuilder b = new StringBuilder();
        for (String line : comment.split("\n")) b.append("# ").append(line).append('\n');
        b.append("# ").append(element).append(' ').append(element).append(' ').append(element);
        for (String n : names) b.append(' ').append(n);
        b.append('\n').append(element).append(' ').append(element).append(' ').append(element);
        for (int k = 0; k < values.length; k++) {
            b.append(k % 4 == 0 ? "\n    " : " ").append(String.format(Locale.ROOT, "%.17g", values[k]));
        }
        return b.append('\n').toString();
    }
}
