package org.polymorph.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.polymorph.launcher.internal.ServerSettings.BadServerInput;

/**
 * The cluster secret: the key of the HMAC that signs work items and results, kept like the server's token in a file
 * only its owner can read ({@link ServerToken}). A member on a loopback address writes a new one (32 random bytes, 64
 * hex digits) when there is none; on any other address the file must exist, copied from a member of the cluster.
 *
 * @param file where it is
 * @param generated whether this start wrote it
 */
public record ClusterSecret(Path file, boolean generated) {
    /** Checks the secret of {@code settings}, writing a new one when it is missing and the host is loopback. */
    public static ClusterSecret ensure(ClusterSettings settings) throws IOException, BadServerInput {
        Path file = settings.secretFile();
        if (Files.exists(file)) {
            ServerToken.read(file, "cluster secret");
            return new ClusterSecret(file, false);
        }
        if (!settings.loopback()) {
            throw new BadServerInput("cluster host " + settings.host() + " is not a loopback address and there is no cluster secret ("
                    + file + " does not exist); copy conf/cluster.secret from a member of the cluster (chmod 600), or write a"
                    + " secret of at least " + ServerToken.MIN_LENGTH + " characters to that file");
        }
        ServerToken.write(file, HexFormat.of().formatHex(ServerToken.random()));
        ServerToken.read(file, "cluster secret");
        return new ClusterSecret(file, true);
    }
}
