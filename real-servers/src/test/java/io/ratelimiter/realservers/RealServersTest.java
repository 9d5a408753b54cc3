package io.ratelimiter.realservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class RealServersTest {

    @Test
    void sharedRedisIsOneServerThatAnswers() {
        RealRedis redis = RealServers.redis();

        assertThat(RealServers.redis()).isSameAs(redis);
        assertThat(Probes.redisAnswers(redis.host(), redis.port())).isTrue();
        Object scripted = redis.call(jedis -> jedis.eval("return redis.call('TIME')[1] ~= nil and 1 or 0"));
        assertThat(scripted).isEqualTo(1L);
    }

    @Test
    void ownedRedisComesBackOnTheSamePortAfterAStop() {
        try (RealRedis redis = RealServers.newRedis()) {
            String uri = redis.uri();
            redis.stop();
            assertThat(Probes.redisAnswers(redis.host(), redis.port())).isFalse();

            redis.start();

            assertThat(redis.uri()).isEqualTo(uri);
            assertThat(Probes.redisAnswers(redis.host(), redis.port())).isTrue();
        }
    }

    @Test
    void anOwnedRedisCanBeStalledWithDebugSleepAsFaultTestsDo() {
        try (RealRedis redis = RealServers.newRedis()) {
            assertThat(RedisAdmin.command(redis.host(), redis.port(), "DEBUG", "SLEEP", "0")).isEqualTo("OK");
        }
    }

    @Test
    void aCommandGivenAsWordsAnswersAsRedisCliPrintsIt() {
        RealRedis redis = RealServers.redis();
        String key = "words-" + System.nanoTime();

        assertThat(RedisAdmin.command(redis.host(), redis.port(), "RPUSH", key, "a", "b")).isEqualTo("2");
        assertThat(RedisAdmin.command(redis.host(), redis.port(), "LRANGE", key, "0", "-1")).isEqualTo("a\nb\n");
        assertThat(RedisAdmin.command(redis.host(), redis.port(), "DEL", key)).isEqualTo("1");
        assertThat(RedisAdmin.command(redis.host(), redis.port(), "GET", key)).isNull();
        assertThatThrownBy(() -> RedisAdmin.command(redis.host(), redis.port(), "NO-SUCH-COMMAND"))
                .hasMessageContaining("unknown command");
    }

    @Test
    void eachSuiteGetsADatabaseOfItsOwn() throws SQLException {
        RealPostgres postgres = RealServers.postgres();
        PostgresDatabase first = postgres.createDatabase("suite");
        PostgresDatabase second = postgres.createDatabase("suite");

        assertThat(first.name()).isNotEqualTo(second.name());
        execute(first, "CREATE TABLE marker (id int)");
        assertThatThrownBy(() -> execute(second, "SELECT * FROM marker")).isInstanceOf(SQLException.class);
    }

    @Test
    void ownedPostgresKeepsItsDataAcrossARestart() throws SQLException {
        try (RealPostgres postgres = RealServers.newPostgres()) {
            PostgresDatabase database = postgres.createDatabase("restart");
            execute(database, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");

            postgres.stop();
            assertThat(Probes.postgresAnswers(postgres)).isFalse();
            postgres.start();

            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                 ResultSet rows = connection.createStatement().executeQuery("SELECT value FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("still here");
            }
        }
    }

    @Test
    void clusterSpreadsSlotsOverEveryMaster() {
        try (RealRedisCluster cluster = RealServers.newRedisCluster(3)) {
            Set<String> owners = new HashSet<>();
            for (RealRedis master : cluster.masters()) {
                String info = master.call(Jedis::clusterInfo);
                assertThat(info).contains("cluster_state:ok").contains("cluster_known_nodes:3");
                owners.add(master.call(Jedis::clusterMyId));
            }
            assertThat(owners).hasSize(3);
            assertThat(cluster.uris()).hasSize(3);
        }
    }

    @Test
    void aClusterReplicaTakesOverWhenItsMasterStops() {
        try (RealRedisCluster cluster = RealServers.newRedisCluster(3, 1)) {
            RealRedis master = cluster.masters().get(0);
            RealRedis replica = cluster.replicas().get(0);
            String replication = replica.call(jedis -> jedis.info("replication"));
            assertThat(replication).contains("role:slave");
            assertThat(master.call(Jedis::clusterInfo)).contains("cluster_known_nodes:6");

            master.stop();

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    replica.call(jedis -> jedis.info("replication")).contains("role:master"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(replica.call(Jedis::clusterInfo)).contains("cluster_state:ok"));
        }
    }

    private static void execute(PostgresDatabase database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void theSentinelPromotesTheReplicaWhenTheMasterStops() {
        try (RealRedisSentinel sentinel = RealServers.newRedisSentinel()) {
            int first = sentinel.masterPort();
            assertThat(first).isEqualTo(sentinel.firstMasterPort());
            RedisAdmin.call("127.0.0.1", first, jedis -> jedis.set("kept", "yes"));

            sentinel.stopFirstMaster();
            sentinel.awaitMaster(sentinel.replicaPort(), Duration.ofSeconds(30));

            assertThat(sentinel.masterPort()).isEqualTo(sentinel.replicaPort());
            String written = RedisAdmin.call("127.0.0.1", sentinel.replicaPort(), jedis -> jedis.set("written", "after"));
            assertThat(written).isEqualTo("OK");
        }
    }

    @Test
    void aContainerThatCannotStartGivesWayToTheEmbeddedBinaryForGood() {
        AtomicBoolean containersFailed = new AtomicBoolean();
        AtomicInteger containerAttempts = new AtomicInteger();
        int port = FreePorts.next();
        Supplier<RealRedis> unpullableImage = () -> {
            containerAttempts.incrementAndGet();
            throw new IllegalStateException("pull access denied for redis:7.4-alpine");
        };

        try (RealRedis redis = RealServers.started(ServerSource.TESTCONTAINERS, false, containersFailed, "Redis", unpullableImage,
                () -> EmbeddedRedis.start(port))) {
            assertThat(redis.source()).isEqualTo(ServerSource.EMBEDDED);
            assertThat(Probes.redisAnswers(redis.host(), redis.port())).isTrue();
        }
        int second = FreePorts.next();
        try (RealRedis again = RealServers.started(ServerSource.TESTCONTAINERS, false, containersFailed, "Redis", unpullableImage,
                () -> EmbeddedRedis.start(second))) {
            assertThat(again.source()).isEqualTo(ServerSource.EMBEDDED);
        }
        assertThat(containerAttempts).as("a failed container is not tried for every server").hasValue(1);
    }

    @Test
    void containersAskedForByNameFailLoudlyInsteadOfGivingWay() {
        AtomicBoolean containersFailed = new AtomicBoolean();
        AtomicInteger embeddedStarts = new AtomicInteger();
        Supplier<RealRedis> unpullableImage = () -> {
            throw new IllegalStateException("pull access denied for redis:7.4-alpine");
        };

        assertThatThrownBy(() -> RealServers.started(ServerSource.TESTCONTAINERS, true, containersFailed, "Redis",
                unpullableImage, () -> {
                    embeddedStarts.incrementAndGet();
                    return EmbeddedRedis.start(FreePorts.next());
                })).hasMessageContaining("pull access denied");
        assertThat(embeddedStarts).hasValue(0);
        assertThat(containersFailed).as("the next server tries its container again").isFalse();
    }
}
