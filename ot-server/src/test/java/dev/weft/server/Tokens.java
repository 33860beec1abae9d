package dev.weft.server;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Mints the tokens an embedding application would issue, for tests. */
final class Tokens {
    static final byte[] SECRET = "a test secret of thirty-two bytes or more".getBytes(StandardCharsets.UTF_8);
    static final String ISSUER = "test-app";
    static final String AUDIENCE = "weft";
    static final byte[] OTHER_SECRET = "another secret, also long enough for HS256".getBytes(StandardCharsets.UTF_8);

    private Tokens() {}

    /** An HS256 token for {@code user} that expires an hour after {@code now}. */
    static String hs256(String user, Instant now, List<String> read, List<String> write) {
        return hs256(SECRET, user, now, read, write, builder -> builder);
    }

    static String hs256(byte[] secret, String user, Instant now, List<String> read, List<String> write,
                        UnaryOperator<JWTCreator.Builder> extra) {
        return extra.apply(claims(user, now, read, write)).sign(Algorithm.HMAC256(secret));
    }

    static String rs256(KeyPair keys, String user, Instant now, List<String> read, List<String> write) {
        return claims(user, now, read, write)
                .sign(Algorithm.RSA256((RSAPublicKey) keys.getPublic(), (RSAPrivateKey) keys.getPrivate()));
    }

    /** A token that says it is not signed ({@code alg: none}): the forgery every server must refuse. */
    static String unsigned(String user, Instant now, List<String> read, List<String> write) {
        return claims(user, now, read, write).sign(Algorithm.none());
    }

    static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static TokenAuth.Builder hs256Auth() {
        return TokenAuth.builder().hmacSecret(SECRET);
    }

    private static JWTCreator.Builder claims(String user, Instant now, List<String> read, List<String> write) {
        return JWT.create().withIssuer(ISSUER).withAudience(AUDIENCE).withSubject(user).withClaim("name", capitalized(user))
                .withIssuedAt(now).withExpiresAt(now.plusSeconds(3600))
                .withClaim(TokenAuth.RIGHTS_CLAIM, Map.of("read", read, "write", write));
    }

    static String capitalized(String user) {
        return Character.toUpperCase(user.charAt(0)) + user.substring(1);
    }
}
