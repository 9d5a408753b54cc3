package io.ratelimiter.limiter.internal.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The port over Lettuce's asynchronous commands; standalone and cluster connections differ only in where
 * {@code evalsha}/{@code eval} come from (a cluster connection routes by the first key's slot).
 */
final class LettuceRedisPort implements RedisPort {

    /** The two calls the port needs, as both Lettuce command interfaces offer them. */
    interface Scripting {
        RedisFuture<List<Object>> evalsha(String sha1, ScriptOutputType type, String[] keys, String... args);

        RedisFuture<List<Object>> eval(String source, ScriptOutputType type, String[] keys, String... args);

        /** SCRIPT LOAD on every master. */
        CompletableFuture<Void> load(String source);
    }

    private final Scripting scripting;
    private final boolean cluster;

    LettuceRedisPort(Scripting scripting, boolean cluster) {
        this.scripting = scripting;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<List<Object>> eval(LuaScript script, List<String> keys, List<String> args) {
        String[] keyArray = keys.toArray(String[]::new);
        String[] argArray = args.toArray(String[]::new);
        CompletableFuture<List<Object>> result = new CompletableFuture<>();
        AtomicReference<RedisFuture<List<Object>>> inFlight = new AtomicReference<>();
        RedisFuture<List<Object>> first = scripting.evalsha(script.sha1(), ScriptOutputType.MULTI, keyArray, argArray);
        inFlight.set(first);
        first.whenComplete((reply, failure) -> {
            if (failure == null) {
                result.complete(reply);
            } else if (unwrap(failure) instanceof RedisNoScriptException) {
                RedisFuture<List<Object>> retry = scripting.eval(script.source(), ScriptOutputType.MULTI, keyArray, argArray);
                inFlight.set(retry);
                retry.whenComplete((retried, again) -> complete(result, retried, again));
            } else {
                result.completeExceptionally(unwrap(failure));
            }
        });
        // A command still queued (e.g. while Lettuce reconnects) must not run long after its caller gave up on it:
        // it would count a request that was already answered.
        result.whenComplete((reply, failure) -> {
            if (failure instanceof CancellationException || failure instanceof TimeoutException) {
                inFlight.get().cancel(false);
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<Void> load(LuaScript script) {
        return scripting.load(script.source());
    }

    @Override
    public boolean cluster() {
        return cluster;
    }

    private static void complete(CompletableFuture<List<Object>> result, List<Object> reply, Throwable failure) {
        if (failure == null) {
            result.complete(reply);
        } else {
            result.completeExceptionally(unwrap(failure));
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
