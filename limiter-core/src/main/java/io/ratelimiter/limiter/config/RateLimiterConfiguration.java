package io.ratelimiter.limiter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;

/** Everything under {@code rate-limiter.*}; each property is listed with its environment variable in docs/limiter.md. */
@ConfigurationProperties("rate-limiter")
public interface RateLimiterConfiguration {

    /** Whether the filter checks requests at all. */
    @Bindable(defaultValue = "true")
    boolean isEnabled();

    /** First part of every Redis key, so several services (or test suites) can share one Redis. */
    @Bindable(defaultValue = "rl")
    @NotNull
    @Pattern(regexp = "[A-Za-z0-9_.-]{1,32}", message = "the key prefix must be 1 to 32 letters, digits, '_', '.' or '-'")
    String getKeyPrefix();

    /** Addresses and CIDR ranges of proxies whose X-Forwarded-For / Forwarded headers are believed. */
    @Bindable(defaultValue = "")
    @NotNull
    List<String> getTrustedProxies();

    /**
     * How long a check waits for Redis before it asks why there is no answer yet: when Redis answered nothing at all
     * meanwhile, Redis is away and the route's failure behaviour applies; when Redis kept answering other checks, it
     * is this node that is behind, and the check waits on, up to {@code shedding.max-wait}.
     */
    @Bindable(defaultValue = "100ms")
    @NotNull
    Duration getTimeout();

    @NotNull
    SheddingConfiguration getShedding();

    @NotNull
    PolicySyncConfiguration getPolicySync();

    /** Which rate-limit headers answers carry. */
    @Bindable(defaultValue = "DRAFT")
    @NotNull
    HeaderStyle getHeaders();

    /** Path patterns (Ant style, e.g. {@code /health/**}) the limiter never checks. */
    @Bindable(defaultValue = "/health,/health/**,/prometheus")
    @NotNull
    List<String> getExcludedPaths();

    @NotNull
    BreakerConfiguration getBreaker();

    @NotNull
    IdentityConfiguration getIdentity();

    /** The default policy seeded into Redis when Redis has none. */
    @NotNull
    PolicyProperties getDefaultPolicy();

    /** The rate-limit headers to send. */
    enum HeaderStyle {
        /** {@code RateLimit-Policy} and {@code RateLimit} of the IETF httpapi draft -11. */
        DRAFT,
        /** The draft's headers plus {@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset}. */
        DRAFT_AND_LEGACY
    }

    /** What a node does when it is too busy to hear Redis' answers in time: shed load, never let requests through. */
    @ConfigurationProperties("shedding")
    interface SheddingConfiguration {

        /** The longest a check waits for a Redis that keeps answering; then the request gets 503 with Retry-After. */
        @Bindable(defaultValue = "2s")
        @NotNull
        Duration getMaxWait();

        /** Checks waiting for Redis at once on this node; a request beyond them gets 503 at once. */
        @Bindable(defaultValue = "2000")
        @Min(1)
        int getMaxPending();
    }

    /** How often every node (and the console) checks that the policy copies hold the source's version. */
    @ConfigurationProperties("policy-sync")
    interface PolicySyncConfiguration {

        @Bindable(defaultValue = "1s")
        @NotNull
        Duration getInterval();

        /**
         * Whether this process writes its configured policies where Redis has none; unset: where the filter runs
         * ({@code rate-limiter.enabled}). Where nodes may not write policies (a Redis ACL), set it on the console and
         * give the console the policies' configuration.
         */
        @Nullable
        Boolean getSeed();
    }

    /** When to stop asking a failing Redis and when to try again. */
    @ConfigurationProperties("breaker")
    interface BreakerConfiguration {

        /** Consecutive failed checks that open the breaker. */
        @Bindable(defaultValue = "5")
        @Min(1)
        int getFailureThreshold();

        /** How long an open breaker skips Redis before one probe is let through. */
        @Bindable(defaultValue = "1s")
        @NotNull
        Duration getCoolDown();
    }

    /** Who a client is, beyond its address. */
    @ConfigurationProperties("identity")
    interface IdentityConfiguration {

        /** What identifies a client: its address, an API key header, or the authenticated user. */
        @Bindable(defaultValue = "IP")
        @NotNull
        KeyBy getKeyBy();

        /** The header holding the API key when {@code key-by} is {@code api-key}. */
        @Bindable(defaultValue = "X-API-Key")
        @NotNull
        String getApiKeyHeader();

        /**
         * The secret API keys are fingerprinted with (HMAC-SHA256): a client keyed by API key is known to Redis, the
         * console and the logs only as {@code key:<fingerprint>}, never by its key. Required wherever a policy keys
         * on API keys; nodes and the console must share it.
         */
        @Nullable
        String getApiKeySecret();

        /**
         * IPv6 clients are grouped by this prefix: one host usually holds a whole /64, so each /128 being a client of
         * its own would give it 2^64 quotas. 128 counts every address on its own.
         */
        @Bindable(defaultValue = "64")
        @Min(16)
        @Max(128)
        int getIpv6PrefixLength();

        /** What identifies a client; a request without the key or user is identified by its address. */
        enum KeyBy {
            IP, API_KEY, USER
        }
    }

    /** A policy as configuration writes it, e.g. {@code limits: [10/60s]}. */
    @ConfigurationProperties("default-policy")
    interface PolicyProperties {

        @Bindable(defaultValue = "default")
        @NotNull
        String getName();

        @Bindable(defaultValue = "sliding_window")
        @NotNull
        String getAlgorithm();

        /** Limits as {@code quota/window[/burst]}, e.g. {@code 10/60s}, {@code 1000/1d}, {@code 20/1s/40}. */
        @Bindable(defaultValue = "100/60s")
        @NotNull
        List<String> getLimits();

        @Bindable(defaultValue = "allow")
        @NotNull
        String getOnRedisFailure();

        @Bindable(defaultValue = "false")
        boolean isShadow();

        /** Off (0) unless set: how long a node may keep denying a denied client without asking Redis. */
        @Bindable(defaultValue = "0s")
        @NotNull
        Duration getDenyCache();
    }
}
