package io.ratelimiter.realservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisInfoTest {

    private static final String REPLY = """
            # Server\r
            redis_version:7.2.4\r
            \r
            # Memory\r
            used_memory:1048576\r
            used_memory_human:1.00M\r
            # CPU\r
            used_cpu_sys:1.250000\r
            used_cpu_user:0.500000\r
            # Commandstats\r
            cmdstat_evalsha:calls=3,usec=51,usec_per_call=17.00,rejected_calls=0,failed_calls=0\r
            cmdstat_ping:calls=1,usec=0,usec_per_call=0.00\r
            """;

    private final RedisInfo info = RedisInfo.parse(REPLY);

    @Test
    void readsEveryFieldOfEverySectionWithoutItsHeadingsOrLineEnds() {
        assertThat(info.text("redis_version")).hasValue("7.2.4");
        assertThat(info.number("used_memory")).isEqualTo(1_048_576);
        assertThat(info.decimal("used_cpu_sys") + info.decimal("used_cpu_user")).isEqualTo(1.75);
        assertThat(info.fields()).doesNotContainKeys("# Server", "");
    }

    @Test
    void readsOneFigureOfACommandsStatistics() {
        assertThat(info.commandStat("evalsha", "calls")).hasValue(3.0);
        assertThat(info.commandStat("evalsha", "usec_per_call")).hasValue(17.0);
        assertThat(info.commandStat("evalsha", "usec")).hasValue(51.0);
        assertThat(info.commandStat("evalsha", "nothing")).isEmpty();
        assertThat(info.commandStat("get", "calls")).isEmpty();
    }

    @Test
    void aMissingFieldSaysWhichOneAndWhatThereWas() {
        assertThatThrownBy(() -> info.number("used_memory_peak")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("used_memory_peak").hasMessageContaining("used_memory");
    }

    @Test
    void aLiveServerAnswersThroughIt() {
        RealRedis redis = RealServers.redis();

        assertThat(RedisInfo.of(redis.host(), redis.port(), "memory").number("used_memory")).isPositive();
    }
}
