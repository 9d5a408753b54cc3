package io.ratelimiter.limiter.internal.policy;

import io.ratelimiter.limiter.policy.Limit;

import java.math.BigInteger;

/**
 * A limit as the token bucket and GCRA count it, in whole numbers: with g = gcd(window in µs, quota), a request
 * costs {@code cost} = window / g and the debt drains by {@code drain} = quota / g per µs, so the bucket holds
 * {@code capacity × cost}. Exact while that stays within 2^53, the integers a double holds.
 *
 * @param drain how much of the debt one microsecond repays
 * @param cost  what one request adds to the debt
 */
public record SteadyRate(long drain, long cost, long capacity) {

    private static final BigInteger EXACT = BigInteger.ONE.shiftLeft(53);

    public static SteadyRate of(Limit limit) {
        long micros = limit.window().toMillis() * 1000;
        long g = BigInteger.valueOf(micros).gcd(BigInteger.valueOf(limit.quota())).longValueExact();
        return new SteadyRate(limit.quota() / g, micros / g, limit.capacity());
    }

    public boolean exact() {
        return BigInteger.valueOf(capacity).multiply(BigInteger.valueOf(cost)).compareTo(EXACT) <= 0;
    }
}
