package io.ratelimiter.limiter.identity;

import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one form of every client identity, used by the filter, the admin API and so the console and the audit:
 * an IP address ({@code 203.0.113.7}; IPv6 as its network, {@code 2001:db8:1:2::/64}; IPv4-mapped IPv6 as the IPv4
 * address), {@code key:<fingerprint>} for an API key (16 hex digits of its HMAC-SHA256 under the configured secret:
 * the raw key is never stored, shown or logged) or {@code user:<name>}.
 */
@Singleton
public final class ClientIdentities {

    public static final String KEY = "key:";
    public static final String USER = "user:";
    static final int MAX_NAME = 190;
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{16}");

    private final int ipv6Prefix;
    private final ThreadLocal<Mac> hmac;

    ClientIdentities(RateLimiterConfiguration configuration) {
        this.ipv6Prefix = configuration.getIdentity().getIpv6PrefixLength();
        String secret = configuration.getIdentity().getApiKeySecret();
        this.hmac = secret == null || secret.isBlank() ? null : ThreadLocal.withInitial(() -> mac(secret));
    }

    public String ofAddress(InetAddress address) {
        return IpAddresses.identity(address, ipv6Prefix);
    }

    /** Whether API keys can be fingerprinted here ({@code rate-limiter.identity.api-key-secret} is set). */
    public boolean fingerprintsKeys() {
        return hmac != null;
    }

    /**
     * The client an API key is: {@code key:} and the key's fingerprint.
     *
     * @throws IllegalStateException when no secret is configured
     */
    public String ofApiKey(String apiKey) {
        if (hmac == null) {
            throw new IllegalStateException("rate-limiter.identity.api-key-secret (RATE_LIMITER_IDENTITY_API_KEY_SECRET) "
                    + "is required to tell clients by API key");
        }
        byte[] digest = hmac.get().doFinal(apiKey.getBytes(StandardCharsets.UTF_8));
        return KEY + HexFormat.of().formatHex(digest, 0, 8);
    }

    public String ofUser(String name) {
        return USER + name;
    }

    /**
     * An identity as an operator typed it, in the form the limiter counts it under: {@code 2001:DB8::1} becomes
     * {@code 2001:db8::/64}, {@code ::ffff:192.0.2.1} becomes {@code 192.0.2.1}, {@code KEY:AB12...} is lower-cased.
     *
     * @throws InvalidPolicyException naming what is wrong with it
     */
    public String canonical(String typed) {
        String text = typed == null ? "" : typed.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith(KEY)) {
            String fingerprint = lower.substring(KEY.length());
            if (!FINGERPRINT.matcher(fingerprint).matches()) {
                throw invalid("an API key client is key: and the key's 16-digit fingerprint (the console shows it, and "
                        + "computes it from a key), never the key itself");
            }
            return KEY + fingerprint;
        }
        if (lower.startsWith(USER)) {
            String name = text.substring(USER.length());
            if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(c -> c <= ' ' || c == 127)) {
                throw invalid("a user client is user:<name>, the name 1 to " + MAX_NAME + " characters without spaces");
            }
            return USER + name;
        }
        int slash = text.indexOf('/');
        InetAddress address = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw invalid("a client is an IP address, key:<fingerprint> or user:<name>, not '" + typed + "'");
        }
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            int expected = address.getAddress().length == 4 ? 32 : ipv6Prefix;
            if (!bits.equals(Integer.toString(expected))) {
                throw invalid("clients are single IPv4 addresses and IPv6 networks of /" + ipv6Prefix
                        + "; write the address alone or with /" + expected);
            }
        }
        return ofAddress(address);
    }

    private static InvalidPolicyException invalid(String message) {
        return new InvalidPolicyException(new InvalidPolicyException.Violation("identity", message));
    }

    private static Mac mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
