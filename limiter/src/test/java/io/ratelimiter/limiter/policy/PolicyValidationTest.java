package io.ratelimiter.limiter.policy;

import io.ratelimiter.limiter.internal.policy.PolicyCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Policies refuse what they cannot keep, with words an operator can act on. */
class PolicyValidationTest {

    @Test
    void invalidValuesAreRefusedWithMessagesNamingTheField() {
        InvalidPolicyException negative = catchThrowableOfType(() -> new Limit(-1, Duration.ofSeconds(0), 0),
                InvalidPolicyException.class);
        assertThat(negative.violations()).extracting(InvalidPolicyException.Violation::field).containsExactly("quota", "window");
        assertThat(negative.getMessage()).contains("between 1 and 1000000000", "between 100 ms and 31 days");

        assertThatThrownBy(() -> Algorithm.fromName("leaky_bucket"))
                .hasMessageContaining("unknown algorithm 'leaky_bucket'; use one of sliding_log, sliding_window, fixed_window, token_bucket, gcra");
        assertThatThrownBy(() -> Policy.of("p", Algorithm.FIXED_WINDOW, new Limit(5, Duration.ofMinutes(1), 10)))
                .hasMessageContaining("a burst only applies to token_bucket and gcra");
        assertThatThrownBy(() -> new Policy("p", Algorithm.GCRA, List.of(Limit.of(1, Duration.ofMinutes(1)),
                Limit.of(2, Duration.ofMinutes(1))), FailureMode.ALLOW, false)).hasMessageContaining("cannot share the window");
        assertThatThrownBy(() -> Policy.of("has space", Algorithm.GCRA, Limit.of(1, Duration.ofMinutes(1))))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> Limit.parse("ten per minute")).hasMessageContaining("write quota/window[/burst]");
        assertThatThrownBy(() -> Route.parse("FETCH /x")).hasMessageContaining("unknown HTTP method");
        assertThatThrownBy(() -> ClientRule.block("two words")).hasMessageContaining("without spaces");
        assertThatThrownBy(() -> Policy.of("p", Algorithm.GCRA, Limit.of(5, Duration.ofMinutes(1))).withDenyCache(Duration.ofHours(1)))
                .hasMessageContaining("deny cache");
        assertThat(Limit.parse("5/1s/20")).isEqualTo(new Limit(5, Duration.ofSeconds(1), 20));
        assertThat(Limit.parse("1000/1d").toString()).isEqualTo("1000/1d");
    }

    /** The token bucket counts in whole numbers; a limit it could keep only approximately is refused. */
    @Test
    void aBucketThatWouldNeedMoreThan53BitsIsRefusedAndTheLargestRoundOnesAreKept() {
        assertThat(Policy.of("max", Algorithm.GCRA, new Limit(1_000_000_000, Duration.ofDays(31), 1_000_000_000)).limits())
                .hasSize(1);
        assertThat(Policy.of("fast", Algorithm.TOKEN_BUCKET, new Limit(1_000_000_000, Duration.ofMillis(100), 1)).limits())
                .hasSize(1);
        assertThatThrownBy(() -> Policy.of("odd", Algorithm.GCRA, new Limit(999_999_937, Duration.ofDays(31), 1_000_000_000)))
                .hasMessageContaining("cannot keep 999999937/31d/1000000000 exactly");
    }

    @Test
    void storedPoliciesReadBackWhole() {
        Policy policy = new Policy("writes", Algorithm.TOKEN_BUCKET, List.of(new Limit(5, Duration.ofSeconds(1), 20),
                Limit.of(1000, Duration.ofDays(1))), FailureMode.DENY, true, Duration.ofMillis(1500));

        assertThat(PolicyCodec.policy(PolicyCodec.encode(policy))).isEqualTo(policy);
        assertThat(PolicyCodec.clientRule("user:x", PolicyCodec.encode(ClientRule.block("user:x")))).isEqualTo(ClientRule.block("user:x"));
        assertThatThrownBy(() -> PolicyCodec.policy("L|future|a|0|0|z|5:60000:0:1:12000"))
                .hasMessageContaining("unknown to this version");
    }
}
