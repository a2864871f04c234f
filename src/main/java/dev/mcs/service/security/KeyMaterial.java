package dev.mcs.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Generates keys and hashes them. A key is 256 random bits, so a plain SHA-256 is enough: a slow password hash
 * protects guessable secrets, and nothing about a random 256-bit key is guessable (see docs/security.md).
 */
final class KeyMaterial {

    private static final String PREFIX = "mcs_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {}

    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
