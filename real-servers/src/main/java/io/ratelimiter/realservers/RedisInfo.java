package io.ratelimiter.realservers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What Redis' {@code INFO} says, read once: its {@code field:value} lines ({@code # Section} headings and blank lines
 * skipped), with the few readings the tools take from it. Works on the text of any client's {@code INFO} reply.
 *
 * <pre>{@code
 * long bytes = RedisInfo.parse(jedis.info("memory")).number("used_memory");
 * double micros = RedisInfo.parse(jedis.info("commandstats")).commandStat("evalsha", "usec_per_call");
 * }</pre>
 */
public record RedisInfo(Map<String, String> fields) {

    public RedisInfo {
        fields = Map.copyOf(fields);
    }

    /** Reads the text of an {@code INFO} reply, with {@code \r\n} or {@code \n} line ends. */
    public static RedisInfo parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new RedisInfo(fields);
    }

    /** {@code INFO section} of the server at {@code host:port}, on a fresh connection. */
    public static RedisInfo of(String host, int port, String section) {
        return parse(RedisAdmin.call(host, port, jedis -> jedis.info(section)));
    }

    public Optional<String> text(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    /** A whole-number field, e.g. {@code used_memory}. */
    public long number(String field) {
        return Long.parseLong(required(field));
    }

    /** A decimal field, e.g. {@code used_cpu_sys}. */
    public double decimal(String field) {
        return Double.parseDouble(required(field));
    }

    /**
     * One figure of a command's line in {@code INFO commandstats}, e.g. {@code commandStat("evalsha", "calls")} of
     * {@code cmdstat_evalsha:calls=3,usec=51,usec_per_call=17.00,...}; empty when the command has not run since the
     * statistics were last reset.
     */
    public Optional<Double> commandStat(String command, String figure) {
        return text("cmdstat_" + command).flatMap(line -> {
            for (String pair : line.split(",")) {
                if (pair.startsWith(figure + "=")) {
                    return Optional.of(Double.parseDouble(pair.substring(figure.length() + 1)));
                }
            }
            return Optional.empty();
        });
    }

    private String required(String field) {
        return text(field).orElseThrow(() -> new IllegalStateException("INFO has no " + field + " (fields: " + fields.keySet() + ")"));
    }
}
