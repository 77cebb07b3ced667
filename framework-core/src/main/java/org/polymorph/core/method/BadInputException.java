package org.polymorph.core.method;

/**
 * Bad user input: an unknown key, a wrong type, an out-of-range value, an unreadable file. The
 * message names the parameter, the value and the fix. The CLI exits with code 2 on it.
 */
public class BadInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) { super(message); }

    public BadInputException(String message, Throwable cause) { super(message, cause); }

    /** " (did you mean a, b?)": up to three of {@code names} close to {@code wanted}, or "" when none is. */
    public static String didYouMean(String wanted, java.util.Collection<String> names) {
        return Suggestions.didYouMean(wanted, names);
    }

    /** "parameter 'n' = 'abc': not an integer; give a whole number such as 1000". */
    public static BadInputException forParam(String name, Object value, String problem, String fix) {
        return new BadInputException("parameter '" + name + "' = '" + value + "': " + problem + "; " + fix);
    }
}
