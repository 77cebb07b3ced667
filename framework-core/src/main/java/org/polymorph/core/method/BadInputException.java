package org.polymorph.core.method;

/**
 * Bad user input: an unknown key, a wrong type, an out-of-range value, an unreadable file. The
 * message names the parameter, the value and the fix. The CLI exits with code 2 on it.
 */
public class BadInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String value;
    private final String fix;

    public BadInputException(String message) { this(message, null); }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
        this.parameter = null;
        this.value = null;
        this.fix = null;
    }

    /**
     * A message about one parameter, with its parts kept for surfaces that show them apart (the server's JSON errors).
     *
     * @param parameter the parameter at fault (or the word naming what was at fault, such as "method")
     * @param value the value given, or null when none was
     * @param fix what to do instead
     */
    public BadInputException(String message, String parameter, String value, String fix) {
        super(message);
        this.parameter = parameter;
        this.value = value;
        this.fix = fix;
    }

    /** The parameter at fault, when the error is about one (see {@link #forParam}). */
    public java.util.Optional<String> parameter() { return java.util.Optional.ofNullable(parameter); }

    /** The value given for {@link #parameter()}, as text. */
    public java.util.Optional<String> value() { return java.util.Optional.ofNullable(value); }

    /** What to do instead (the part of the message after the problem). */
    public java.util.Optional<String> fix() { return java.util.Optional.ofNullable(fix); }

    /** " (did you mean a, b?)": up to three of {@code names} close to {@code wanted}, or "" when none is. */
    public static String didYouMean(String wanted, java.util.Collection<String> names) {
        return Suggestions.didYouMean(wanted, names);
    }

    /** "parameter 'n' = 'abc': not an integer; give a whole number such as 1000". */
    public static BadInputException forParam(String name, Object value, String problem, String fix) {
        return new BadInputException("parameter '" + name + "' = '" + value + "': " + problem + "; " + fix,
                name, String.valueOf(value), fix);
    }
}
