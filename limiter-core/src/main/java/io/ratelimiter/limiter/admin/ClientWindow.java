package io.ratelimiter.limiter.admin;

import io.micronaut.serde.annotation.Serdeable;
import io.ratelimiter.limiter.policy.Algorithm;
import java.time.Duration;
import java.time.Instant;

/**
 * The state one client has under one policy, as of its last request. When a policy holds several limits, the one
 * closest to exhaustion at that request is shown. Between requests the window moves on: once {@code resetAt} has
 * passed the client has its full quota again, whatever {@code used} says.
 *
 * @param identity  the client (IP address, {@code key:...} or {@code user:...})
 * @param scope     where the policy came from: {@code default}, the route (e.g. {@code POST /shorten}) or {@code client}
 * @param policy    the policy's name
 * @param algorithm the policy's algorithm
 * @param used      requests counted in the window at the last request
 * @param limit     the quota of that window
 * @param window    the window's length
 * @param remaining requests left at the last request
 * @param resetAt   when the full quota is available again
 * @param denied    requests denied while this state existed
 * @param lastSeen  the client's last request under this policy
 * @param shadow    the policy runs in shadow mode (counted, never enforced)
 */
@Serdeable
public record ClientWindow(String identity, String scope, String policy, Algorithm algorithm, long used, long limit,
                           Duration window, long remaining, Instant resetAt, long denied, Instant lastSeen,
                           boolean shadow) {

    /** Seconds until the full quota is back, from {@code now}; 0 once it has. */
    public long secondsToReset(Instant now) {
        return Math.max(0, (Duration.between(now, resetAt).toMillis() + 999) / 1000);
    }
}
