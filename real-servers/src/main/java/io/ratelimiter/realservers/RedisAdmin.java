package io.ratelimiter.realservers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Sets real Redis servers up and probes them through Jedis, one short connection per call. The code under test always
 * talks to Redis through its own client (Lettuce); this is the test side's hand on the server.
 */
public final class RedisAdmin {

    private static final int CONNECT_TIMEOUT_MILLIS = 1000;
    private static final int READ_TIMEOUT_MILLIS = 5000;

    private RedisAdmin() {
    }

    /**
     * Runs {@code command} on a fresh connection to the server, e.g. {@code jedis -> jedis.info("replication")}. A
     * server that does not answer or refuses the command throws a {@code JedisException} (unchecked).
     */
    public static <T> T call(String host, int port, Function<Jedis, T> command) {
        try (Jedis jedis = new Jedis(host, port, CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS)) {
            return command.apply(jedis);
        }
    }

    /**
     * Any command given as its words, as {@code redis-cli} takes it (for commands a benchmark builds as text), and
     * the reply as text: a string or integer as is, {@code null} for a nil, an array one element a line.
     */
    public static String command(String host, int port, String... words) {
        byte[] name = SafeEncoder.encode(words[0]);
        return call(host, port, jedis -> text(jedis.sendCommand(() -> name, Arrays.copyOfRange(words, 1, words.length))));
    }

    private static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> elements) {
            return elements.stream().map(element -> text(element) + "\n").collect(Collectors.joining());
        }
        return reply == null ? null : reply.toString();
    }
}
