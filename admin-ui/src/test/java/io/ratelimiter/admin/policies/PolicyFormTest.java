package io.ratelimiter.admin.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyFormTest {

    @Test
    void aPolicyShownInTheFormReadsBackTheSame() {
        Policy policy = new Policy("api", Algorithm.TOKEN_BUCKET,
                List.of(new Limit(10, Duration.ofSeconds(1), 20), Limit.of(1000, Duration.ofDays(1))),
                FailureMode.DENY, true);

        assertThat(PolicyForm.parse(PolicyForm.of(policy))).isEqualTo(policy);
    }

    @Test
    void everyWrongFieldIsNamedAtOnce() {
        Map<String, String> form = new HashMap<>(PolicyForm.blank("ok"));
        form.put("quota0", "-5");
        form.put("window1", "10 fortnights");
        form.put("quota1", "3");
        form.put("quota2", "0");
        form.put("window2", "1s");

        InvalidPolicyException refused = catchThrowableOfType(() -> PolicyForm.parse(form), InvalidPolicyException.class);

        assertThat(PolicyForm.errors(refused)).containsOnlyKeys("limits[0].quota", "limits[1].window", "limits[2].quota");
        assertThat(PolicyForm.errors(refused).get("limits[2].quota")).contains("between 1 and");
    }

    @Test
    void anUnknownAlgorithmIsRefused() {
        Map<String, String> form = new HashMap<>(PolicyForm.blank("ok"));
        form.put("algorithm", "leaky_bucket");

        InvalidPolicyException refused = catchThrowableOfType(() -> PolicyForm.parse(form), InvalidPolicyException.class);

        assertThat(PolicyForm.errors(refused)).containsKey("algorithm");
        assertThat(PolicyForm.errors(refused).get("algorithm")).contains("unknown algorithm 'leaky_bucket'");
    }

    @Test
    void aPolicyWithoutLimitsIsRefused() {
        Map<String, String> form = new HashMap<>(PolicyForm.blank("ok"));
        form.remove("quota0");
        form.remove("window0");

        InvalidPolicyException refused = catchThrowableOfType(() -> PolicyForm.parse(form), InvalidPolicyException.class);

        assertThat(PolicyForm.errors(refused)).containsOnlyKeys("limits");
    }

    @Test
    void absurdWindowsAreRefused() {
        Map<String, String> form = new HashMap<>(PolicyForm.blank("ok"));
        form.put("window0", "400d");

        InvalidPolicyException refused = catchThrowableOfType(() -> PolicyForm.parse(form), InvalidPolicyException.class);

        assertThat(PolicyForm.errors(refused).get("limits[0].window")).contains("31 days");
    }
}
