package org.polymorph.materials.potential;

import java.util.Objects;

/**
 * One named value of a pair style, as {@code potential=style:name=value,...} or {@code overrides=} give it:
 * its name (as the style's LAMMPS coefficients are named, case kept), whether it is required, its default
 * (text; {@code ""} for an optional value that is absent unless given, e.g. a file value an override may
 * replace), its unit and a description. {@code describe} shows these.
 */
public record PotentialParameter(String name, boolean required, String defaultValue, String unit, String description) {
    public PotentialParameter {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) throw new IllegalArgumentException("bad potential parameter name '" + name + "'");
        defaultValue = required ? null : Objects.requireNonNull(defaultValue, "defaultValue of an optional parameter");
        unit = Objects.requireNonNullElse(unit, "");
        description = Objects.requireNonNullElse(description, "");
    }

    /** A value without default: a run that names the style must give it. */
    public static PotentialParameter required(String name, String unit, String description) {
        return new PotentialParameter(name, true, null, unit, description);
    }

    /** A value with a default ({@code ""}: absent unless given). */
    public static PotentialParameter optional(String name, String defaultValue, String unit, String description) {
        return new PotentialParameter(name, false, defaultValue, unit, description);
    }

    /** "name (unit, required)", "name (unit, default 2)" or "name (unit)" for an optional value without default. */
    public String summary() {
        String u = unit.isEmpty() ? "" : unit + ", ";
        if (required) return name + " (" + u + "required)";
        return defaultValue.isEmpty() ? name + (unit.isEmpty() ? "" : " (" + unit + ")") : name + " (" + u + "default " + defaultValue + ")";
    }
}
