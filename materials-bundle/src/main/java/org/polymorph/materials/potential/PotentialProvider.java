package org.polymorph.materials.potential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A pair style as an OSGi service: registered under this interface with the service property
 * {@link #STYLE_PROPERTY} = {@link #style()} (and {@code service.ranking} to replace another provider of
 * the same style), it is found by every Method that takes {@code potential=} through the
 * {@link PotentialCatalog}. It says what the style takes (named values, LAMMPS files), builds the
 * {@link Potential}, and states the capabilities callers ask of a style: its neighbour-list kind, whether
 * its kernel splits by neighbour-list rows (md.run's threads), and whether ff.fit can fit it.
 * A custom bundle adds a style with one provider class and its registration.
 */
@ConsumerType
public interface PotentialProvider {
    /** Service property carrying the style id, so that a catalog can index providers without calling them. */
    String STYLE_PROPERTY = "polymorph.potential.style";

    /** How many files {@code potential_file} must name. */
    enum FileRule {
        /** no file: every value is named in {@code potential=} or {@code overrides=} */
        NONE,
        /** exactly one file (e.g. Si.sw, a setfl file, a network file) */
        ONE,
        /** one file per structure type, in type order (eam's funcfl files) */
        ONE_PER_TYPE
    }

    /** The neighbour list the kernel reads. */
    enum ListKind {
        /** each pair once (pair styles, eam) */
        HALF,
        /** each pair in both directions (many-body styles) */
        FULL
    }

    /** The LAMMPS pair style id, e.g. {@code lj/cut}. */
    String style();

    /** Other names that select this style, e.g. {@code soft_sphere}. */
    default List<String> aliases() { return List.of(); }

    /** One line: the functional form with units, and its source. */
    String description();

    /** The named values, in the order {@code describe} lists them. */
    List<PotentialParameter> parameters();

    /** How many files the style reads. */
    default FileRule files() { return FileRule.NONE; }

    /** What the files are, for messages, e.g. "a LAMMPS sw file such as Si.sw"; empty without files. */
    default String fileHint() { return ""; }

    /** The neighbour list the potentials of this style need. */
    ListKind listKind();

    /**
     * Whether the fused kernel's energy is a sum over neighbour-list rows i of terms built from row i alone,
     * so that blocks of rows can run on separate threads and their results be summed.
     */
    default boolean rowDecomposable() { return false; }

    /** The fitting view when ff.fit can fit this style; empty otherwise. */
    default Optional<FittableStyle> fittable() { return Optional.empty(); }

    /**
     * The potential for values checked against {@link #parameters()}, the files {@link #files()} asks for
     * (absolute paths, readable, their count already checked) and the element of each structure type
     * (as {@code pair_coeff * * file El1 El2} maps them). Throw IllegalArgumentException for values or
     * file contents the style rejects (the message names the value and the fix) and IOException for a
     * file that cannot be read.
     */
    Potential create(PotentialValues values, List<Path> files, List<String> elements) throws IOException;
}
