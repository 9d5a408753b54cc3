package io.ratelimiter.limiter.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** What an operator reads on a console page when Redis fails: Redis' words or plain ones, never a Java class name. */
class RedisFailuresTest {

    @Test
    void redisErrorRepliesAreQuoted() {
        assertThat(RedisFailures.describe(new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")))
                .isEqualTo("Redis refused the operation: CLUSTERDOWN The cluster is down");
    }

    @Test
    void connectionFailuresAndTimeoutsAreToldInWords() {
        assertThat(RedisFailures.describe(new SocketException("Connection reset"))).isEqualTo("the connection to Redis failed");
        assertThat(RedisFailures.describe(new ClosedChannelException())).isEqualTo("the connection to Redis failed");
        assertThat(RedisFailures.describe(new RedisConnectionException("Unable to connect to 127.0.0.1:6379")))
                .isEqualTo("the connection to Redis failed");
        assertThat(RedisFailures.describe(new RedisCommandTimeoutException("Command timed out after 1 minute(s)")))
                .isEqualTo("Redis did not answer in time");
    }

    @Test
    void onlyARefusalOrAnUnsentCommandIsCertainToHaveChangedNothing() {
        assertThat(RedisFailures.certainlyNotApplied(new RedisCommandExecutionException("NOPERM no permission"))).isTrue();
        assertThat(RedisFailures.certainlyNotApplied(new RedisException("Currently not connected. Commands are rejected.")))
                .isTrue();
        assertThat(RedisFailures.certainlyNotApplied(new RedisCommandTimeoutException("Command timed out"))).isFalse();
        assertThat(RedisFailures.certainlyNotApplied(new SocketException("Connection reset"))).isFalse();
    }
}
