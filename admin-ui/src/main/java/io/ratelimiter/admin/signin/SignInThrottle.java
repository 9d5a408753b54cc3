package io.ratelimiter.admin.signin;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.context.annotation.Property;
import io.ratelimiter.limiter.admin.RedisUnavailableException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Throttles password checks per account name and per source address, with state in Redis (keys under
 * {@code admin.redis-prefix}, expiring), so every console instance shares it and memory stays bounded. An attempt is
 * reserved before its password is hashed, and hashing runs in a bounded number of slots, so neither parallel guesses nor a flood get more
 * checks or more CPU than configured. See {@link SignInConfiguration} for the delays.
 */
@Singleton
final class SignInThrottle {

    private static final String SCRIPT = load();
    private static final Duration REDIS_WAIT = Duration.ofSeconds(2);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final SignInConfiguration configuration;
    private final Clock clock;
    private final Semaphore hashing;
    /** One hash slot for every key: a Redis Cluster runs the script on both keys at once. */
    private final String prefix;

    SignInThrottle(RedisClusterAsyncCommands<String, String> redis, SignInConfiguration configuration,
                   @Property(name = "admin.redis-prefix") String redisPrefix, Clock clock) {
        this.redis = redis;
        this.prefix = redisPrefix + "{sign-in}:";
        this.configuration = configuration;
        this.clock = clock;
        this.hashing = new Semaphore(configuration.concurrentChecks(), true);
    }

    /** A check that may run: hashes within one of the bounded slots. */
    @FunctionalInterface
    interface Check<T> {
        T run();
    }

    /** The outcome of an attempt that was not checked. */
    sealed interface Refusal {
        /** Too many recent attempts for this account name or address. */
        record Wait(Duration delay) implements Refusal {
        }

        /** Every hashing slot stayed busy. */
        record Busy() implements Refusal {
        }
    }

    /** The check's result, or why it was not run. */
    record Attempt<T>(Optional<T> result, Optional<Refusal> refusal) {
    }

    /**
     * Reserves an attempt for {@code account} from {@code address} and runs {@code check} in a hashing slot, or says
     * why not.
     *
     * @throws RedisUnavailableException when Redis cannot keep the count (nothing is checked then)
     */
    <T> Attempt<T> attempt(String account, String address, Check<T> check) {
        long waitMs = reserve(account, address);
        if (waitMs > 0) {
            return new Attempt<>(Optional.empty(), Optional.of(new Refusal.Wait(Duration.ofMillis(waitMs))));
        }
        boolean slot;
        try {
            slot = hashing.tryAcquire(configuration.checkQueueWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot = false;
        }
        if (!slot) {
            return new Attempt<>(Optional.empty(), Optional.of(new Refusal.Busy()));
        }
        try {
            return new Attempt<>(Optional.of(check.run()), Optional.empty());
        } finally {
            hashing.release();
        }
    }

    /** A sign-in forgets the account's and the address's attempts. */
    void succeeded(String account, String address) {
        await(redis.del(accountKey(account), addressKey(address)).toCompletableFuture());
    }

    private long reserve(String account, String address) {
        String[] keys = {accountKey(account), addressKey(address)};
        CompletableFuture<Long> reply = redis.<Long>eval(SCRIPT, ScriptOutputType.INTEGER, keys,
                Long.toString(clock.millis()),
                Integer.toString(configuration.freeAttemptsPerAccount()),
                Integer.toString(configuration.freeAttemptsPerAddress()),
                Long.toString(configuration.firstDelay().toMillis()),
                Long.toString(configuration.maxDelayPerAccount().toMillis()),
                Long.toString(configuration.maxDelayPerAddress().toMillis()),
                Long.toString(configuration.forgetAfter().toMillis())).toCompletableFuture();
        return await(reply);
    }

    /** Names of any length, hashed: what a visitor types never becomes a key of its size. */
    private String accountKey(String account) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(account.getBytes(StandardCharsets.UTF_8));
            return prefix + "account:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private String addressKey(String address) {
        return prefix + "address:" + address;
    }

    private static <T> T await(CompletableFuture<T> reply) {
        try {
            return reply.get(REDIS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while waiting for Redis", e, false);
        } catch (ExecutionException e) {
            throw new RedisUnavailableException("Redis refused the sign-in count: " + e.getCause().getMessage(),
                    e.getCause(), false);
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new RedisUnavailableException("Redis did not answer within " + REDIS_WAIT.toSeconds() + " s", e,
                    false);
        }
    }

    private static String load() {
        try (InputStream in = SignInThrottle.class.getResourceAsStream("/signin/reserve-attempt.lua")) {
            if (in == null) {
                throw new IllegalStateException("signin/reserve-attempt.lua is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
