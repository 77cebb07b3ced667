package org.polymorph.cluster.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 (RFC 2104 with SHA-256) keyed with the cluster secret. The community edition of Hazelcast does not
 * authenticate members, so every work item and every result carries a signature over its job id and its text, and a
 * member or coordinator drops what does not verify. The cluster's Hazelcast name is derived from the secret as well
 * ({@link #clusterName}), so that a member with another secret forms no cluster with these.
 */
public final class Signer {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    public Signer(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The signature of {@code text} within job {@code job}: 64 lower-case hex digits. */
    public String sign(String job, String text) {
        return HexFormat.of().formatHex(mac(job + "\n" + text));
    }

    /** Whether {@code signature} is {@link #sign}'s for {@code job} and {@code text} (compared in constant time). */
    public boolean verify(String job, String text, String signature) {
        if (signature == null) return false;
        byte[] expected = sign(job, text).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** Hazelcast's cluster name: {@code name} and 12 hex digits of the HMAC of a fixed label, which do not reveal the secret. */
    public String clusterName(String name) {
        return name + "-" + HexFormat.of().formatHex(mac("polymorph cluster name")).substring(0, 12);
    }

    /** HMAC-SHA256 of {@code text} alone, hex (the reference value check). */
    String signRaw(String text) {
        return HexFormat.of().formatHex(mac(text));
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM: " + e.getMessage(), e);
        }
    }
}
