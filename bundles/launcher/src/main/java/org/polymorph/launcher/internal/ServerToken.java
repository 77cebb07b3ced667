package org.polymorph.launcher.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

import org.polymorph.launcher.internal.ServerSettings.BadServerInput;

/**
 * The server's bearer token, kept in a file only its owner can read. At the first start on a loopback address
 * a new one (32 random bytes, 64 hex digits) is written; a server on any other address must find one already
 * there, so that no network-facing server ever runs without a token its operator chose to have.
 *
 * @param value the token
 * @param generated whether this start wrote it
 */
public record ServerToken(String value, boolean generated) {
    /** Shortest token accepted, characters. */
    static final int MIN_LENGTH = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Reads the token file of {@code settings}, or writes a new one when it is missing and the host is loopback. */
    public static ServerToken ensure(ServerSettings settings) throws IOException, BadServerInput {
        Path file = settings.tokenFile();
        if (Files.exists(file)) return new ServerToken(read(file), false);
        if (!settings.loopback()) {
            throw new BadServerInput("--host " + settings.host() + " is not a loopback address and no token is configured ("
                    + file + " does not exist); start once with --host 127.0.0.1 to generate one, or write a secret of at"
                    + " least " + MIN_LENGTH + " characters to that file (chmod 600)");
        }
        write(file, HexFormat.of().formatHex(random()));
        return new ServerToken(read(file), true); // read back: another start may have written it first
    }

    /** 32 random bytes from {@link SecureRandom}. */
    static byte[] random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static String read(Path file) throws IOException, BadServerInput {
        return read(file, "token");
    }

    /**
     * Reads a secret of at least {@value #MIN_LENGTH} printable characters from a file only its owner can read.
     *
     * @param what what the file holds, for messages ("token", "cluster secret")
     */
    static String read(Path file, String what) throws IOException, BadServerInput {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadServerInput(what + " file " + file + " is not a readable file; give a file holding the"
                    + " " + what + " (or delete it to have a new one generated at a loopback start)");
        }
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> !OWNER_ONLY.contains(p) && p != PosixFilePermission.OWNER_EXECUTE)) {
                throw new BadServerInput(what + " file " + file + " can be read by others (" + PosixFilePermissions.toString(perms)
                        + "); run chmod 600 " + file);
            }
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < MIN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new BadServerInput(what + " file " + file + " holds no usable " + what + " (" + token.length() + " characters); give"
                    + " one line of at least " + MIN_LENGTH + " printable characters without spaces, or delete the file to"
                    + " have one generated");
        }
        return token;
    }

    /** Writes {@code token} to a new file with owner-only permissions (on POSIX file systems) from the start. */
    static void write(Path file, String token) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        Path tmp = posix ? Files.createTempFile(dir, ".server-token", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, ".server-token", ".tmp");
        try {
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.createLink(file, tmp); // never replaces a file another start wrote meanwhile
            } catch (FileAlreadyExistsException e) {
                return;
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(file)) return;
                Files.move(tmp, file);
                return;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
