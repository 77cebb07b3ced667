package org.polymorph.core.run;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/** What a user reads about an error: its message in words, never a Java class name. */
public final class ErrorText {
    /** A class name before a colon, as {@code Throwable.toString()} puts it into wrapping messages. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error):\\s*");

    private ErrorText() { }

    /**
     * One line: the message with class names removed; file-system errors say what happened to which
     * file ("no such file: /x"); an error without a message says where to look.
     */
    public static String of(Throwable error) {
        String text = words(error);
        return CLASS_PREFIX.matcher(text).replaceAll("").strip().replaceAll("\\s*\\R\\s*", " | ");
    }

    private static String words(Throwable t) {
        if (t instanceof FileSystemException f) {
            String what = t instanceof NoSuchFileException ? "no such file or folder"
                    : t instanceof AccessDeniedException ? "permission denied"
                    : t instanceof FileAlreadyExistsException ? "already exists"
                    : t instanceof NotDirectoryException ? "not a folder"
                    : t instanceof DirectoryNotEmptyException ? "folder not empty"
                    : f.getReason() == null ? "file-system error" : f.getReason();
            return what + ": " + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
        }
        if (t instanceof OutOfMemoryError) return "out of memory (" + t.getMessage() + "); give the JVM more with -Xmx or make the run smaller";
        if (t instanceof StackOverflowError) return "stack overflow (a recursion too deep)";
        String msg = t.getMessage();
        // a wrapper made with new XException(cause) carries only cause.toString(): describe the cause
        if (t.getCause() != null && t.getCause() != t && (msg == null || msg.isBlank() || msg.equals(t.getCause().toString()))) {
            return words(t.getCause());
        }
        if (msg != null && !msg.isBlank()) return msg;
        return "internal error without a message (the stack trace is in logs/polymorph.log)";
    }
}
