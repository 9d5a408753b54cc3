package io.ratelimiter.admin.windows;

import io.ratelimiter.admin.web.Links;
import io.ratelimiter.admin.web.Numbers;
import io.ratelimiter.admin.web.RelativeTime;
import io.ratelimiter.limiter.admin.ClientWindow;
import java.time.Instant;

/**
 * One client window as the tables print it, every value already in words: templates only place them.
 *
 * @param fill      share of the quota used, 0 to 100, for the meter
 * @param exhausted whether the window is used up (its row is marked)
 */
public record WindowRow(String identity, String clientUrl, String scope, String policy, String algorithm,
                        String used, String limit, long usedValue, long limitValue, int fill, boolean exhausted,
                        String remaining, String window, String resets, String denied, String lastSeen,
                        boolean shadow) {

    public static WindowRow of(ClientWindow w, Instant now) {
        boolean reset = !w.resetAt().isAfter(now);
        // Once the window has reset the stored count is history: show what the client has now.
        long used = reset ? 0 : w.used();
        long remaining = reset ? w.limit() : w.remaining();
        int fill = w.limit() == 0 ? 0 : (int) Math.min(100, used * 100 / w.limit());
        return new WindowRow(w.identity(), Links.client(w.identity()), w.scope(), w.policy(),
                w.algorithm().wireName(), Numbers.count(used), Numbers.count(w.limit()), used, w.limit(), fill,
                remaining == 0, Numbers.count(remaining), RelativeTime.span(w.window()),
                RelativeTime.until(w.resetAt(), now), Numbers.count(w.denied()), RelativeTime.since(w.lastSeen(), now),
                w.shadow());
    }
}
