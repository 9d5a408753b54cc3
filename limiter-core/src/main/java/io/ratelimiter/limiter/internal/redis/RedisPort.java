package io.ratelimiter.limiter.internal.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * All the limiter asks of Redis: run a script over keys of one hash slot. Kept this small so one limiter serves a
 * standalone or Sentinel-managed Redis and a Redis Cluster alike (Bucket4j's {@code RedisApi} is the model).
 */
public interface RedisPort {

    /**
     * Runs the script by EVALSHA; when Redis answers NOSCRIPT (restarted, or SCRIPT FLUSH) sends it whole once by EVAL,
     * which caches it again. Cancelling the returned future cancels the command if it has not been sent yet.
     *
     * @return the script's reply, a Lua table: Long and String items (nested lists for nested tables)
     */
    CompletableFuture<List<Object>> eval(LuaScript script, List<String> keys, List<String> args);

    /** Loads the script into the script cache of every master (SCRIPT LOAD), so the first check needs no EVAL. */
    CompletableFuture<Void> load(LuaScript script);

    /** Whether keys are spread over a Redis Cluster's slots, so a script must keep to one slot's keys. */
    boolean cluster();
}
