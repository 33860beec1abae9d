package dev.weft.server;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * How the server checks the signed tokens (JWT) that the embedding application issues: with an
 * HMAC secret (HS256), an RSA public key (RS256), or both; optionally an expected issuer and
 * audience. docs/security.md describes the claims:
 *
 * <pre>{@code
 * {"sub": "ada", "name": "Ada Lovelace", "exp": 1767225600,
 *  "weft": {"read": ["handbook", "team-*"], "write": ["team-*"]}}
 * }</pre>
 *
 * <p>A token must be signed with one of the configured algorithms (the header's {@code alg} picks
 * which; {@code none} and every other algorithm are refused), must carry {@code sub} and
 * {@code exp}, must not be expired nor used before its {@code nbf}, and must name the configured
 * issuer and audience if there are any. Verification is java-jwt's.
 */
public final class TokenAuth {
    /** The cookie a browser may carry the token in, read at the WebSocket upgrade and by the HTTP API. */
    public static final String COOKIE = "weft_token";
    /** The claim that holds the per-document rights. */
    public static final String RIGHTS_CLAIM = "weft";
    private static final int MIN_SECRET_BYTES = 32;

    private final JWTVerifier hmac;
    private final JWTVerifier rsa;
    private final Clock clock;

    private TokenAuth(Builder builder) {
        this.clock = builder.clock;
        this.hmac = builder.hmacSecret == null ? null : verifier(Algorithm.HMAC256(builder.hmacSecret), builder);
        this.rsa = builder.rsaPublicKey == null ? null : verifier(Algorithm.RSA256(builder.rsaPublicKey, null), builder);
    }

    /** A builder; at least one of an HMAC secret and an RSA public key must be given. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads an RSA public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, the X.509
     * SubjectPublicKeyInfo form that {@code openssl rsa -pubout} writes).
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no RSA public key in that form
     */
    public static RSAPublicKey readPublicKey(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = text.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(pem + " is not a PEM public key: it has no"
                    + " -----BEGIN PUBLIC KEY----- block (an RSA key as `openssl rsa -pubout` writes it)");
        }
        String base64 = text.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(pem + " does not hold an RSA public key: " + e.getMessage(), e);
        }
    }

    /** The clock that expiry is checked against. */
    Clock clock() {
        return clock;
    }

    /**
     * Verifies a token and reads its grant.
     *
     * @throws ProtocolError {@code TOKEN_EXPIRED} for an expired token, {@code AUTH_FAILED} for
     *     any other reason (named in the message)
     */
    Grant verify(String token) {
        DecodedJWT decoded;
        try {
            String alg = JWT.decode(token).getAlgorithm();
            JWTVerifier verifier = "HS256".equals(alg) ? hmac : "RS256".equals(alg) ? rsa : null;
            if (verifier == null) {
                throw new ProtocolError(ErrorCode.AUTH_FAILED, "tokens signed with \"" + ClientMessage.abbreviate(String.valueOf(alg))
                        + "\" are not accepted; this server accepts " + accepted());
            }
            decoded = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw new ProtocolError(ErrorCode.TOKEN_EXPIRED, "the token expired at " + e.getExpiredOn()
                    + "; send a fresh one");
        } catch (JWTDecodeException e) {
            throw new ProtocolError(ErrorCode.AUTH_FAILED, "the token is not a well-formed JWT");
        } catch (SignatureVerificationException | AlgorithmMismatchException e) {
            throw new ProtocolError(ErrorCode.AUTH_FAILED, "the token's signature does not verify");
        } catch (JWTVerificationException e) {
            throw new ProtocolError(ErrorCode.AUTH_FAILED, "the token is refused: " + e.getMessage());
        }
        return grant(decoded);
    }

    private static Grant grant(DecodedJWT token) {
        String subject = token.getSubject();
        if (subject == null || subject.isEmpty() || subject.length() > User.MAX_NAME_LENGTH) {
            throw new ProtocolError(ErrorCode.AUTH_FAILED, "the token's sub must be 1 to " + User.MAX_NAME_LENGTH + " characters");
        }
        Claim name = token.getClaim("name");
        String displayName = name.isMissing() || name.isNull() ? subject : name.asString();
        if (displayName == null || displayName.isEmpty() || displayName.length() > User.MAX_NAME_LENGTH) {
            throw new ProtocolError(ErrorCode.AUTH_FAILED, "the token's name must be a string of 1 to "
                    + User.MAX_NAME_LENGTH + " characters");
        }
        Claim rights = token.getClaim(RIGHTS_CLAIM);
        Map<String, Object> map;
        try {
            map = rights.isMissing() || rights.isNull() ? Map.of() : rights.asMap();
        } catch (JWTDecodeException e) {
            map = null;
        }
        if (map == null) {
            throw new ProtocolError(ErrorCode.AUTH_FAILED, "the token's " + RIGHTS_CLAIM + " claim must be an object {read, write}");
        }
        return new Grant(subject, displayName, patterns(map, "read"), patterns(map, "write"), token.getExpiresAtAsInstant());
    }

    private static List<String> patterns(Map<String, Object> rights, String key) {
        Object value = rights.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.stream().allMatch(item -> item instanceof String)) {
            List<String> patterns = list.stream().map(String.class::cast).toList();
            patterns.forEach(Grant::checkPattern);
            return patterns;
        }
        throw new ProtocolError(ErrorCode.AUTH_FAILED, "the token's " + RIGHTS_CLAIM + "." + key
                + " must be a list of document ids or prefixes ending in *");
    }

    private String accepted() {
        return hmac != null && rsa != null ? "HS256 and RS256" : hmac != null ? "HS256 only" : "RS256 only";
    }

    private static JWTVerifier verifier(Algorithm algorithm, Builder builder) {
        JWTVerifier.BaseVerification verification = (JWTVerifier.BaseVerification) JWT.require(algorithm)
                .withClaimPresence("sub").withClaimPresence("exp").acceptLeeway(builder.leewaySeconds);
        if (builder.issuer != null) {
            verification.withIssuer(builder.issuer);
        }
        if (builder.audience != null) {
            verification.withAudience(builder.audience);
        }
        return verification.build(builder.clock);
    }

    /** Builds a {@link TokenAuth}. */
    public static final class Builder {
        private byte[] hmacSecret;
        private RSAPublicKey rsaPublicKey;
        private String issuer;
        private String audience;
        private long leewaySeconds;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Accepts HS256 tokens signed with this secret, at least 32 bytes (RFC 7518 asks for 256 bits). */
        public Builder hmacSecret(byte[] secret) {
            if (secret == null || secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("the HMAC secret must be at least " + MIN_SECRET_BYTES
                        + " bytes, was " + (secret == null ? "none" : secret.length + " bytes"));
            }
            this.hmacSecret = secret.clone();
            return this;
        }

        /** Accepts RS256 tokens signed with the private half of this key. */
        public Builder rsaPublicKey(RSAPublicKey key) {
            if (key == null) {
                throw new IllegalArgumentException("the RSA public key must not be null");
            }
            this.rsaPublicKey = key;
            return this;
        }

        /** Requires {@code iss} to be exactly this; by default any issuer is accepted. */
        public Builder issuer(String expected) {
            this.issuer = expected;
            return this;
        }

        /** Requires {@code aud} to name this; by default any audience is accepted. */
        public Builder audience(String expected) {
            this.audience = expected;
            return this;
        }

        /** Tolerated clock skew for {@code exp} and {@code nbf}, in seconds; default 0. */
        public Builder leewaySeconds(long seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("leeway must not be negative, was " + seconds);
            }
            this.leewaySeconds = seconds;
            return this;
        }

        /** The clock expiry is checked against; tests move it. */
        Builder clock(Clock testClock) {
            this.clock = testClock;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException if neither a secret nor a public key was given
         */
        public TokenAuth build() {
            if (hmacSecret == null && rsaPublicKey == null) {
                throw new IllegalArgumentException("token auth needs an HMAC secret (HS256) or an RSA public key (RS256)");
            }
            return new TokenAuth(this);
        }
    }
}
