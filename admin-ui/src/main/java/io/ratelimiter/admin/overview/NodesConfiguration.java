package io.ratelimiter.admin.overview;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The API nodes whose own health and metrics the overview shows (env: ADMIN_NODES=http://10.0.0.11:8080,...):
 * fail-open decisions happen while Redis cannot count them, so only the nodes know them.
 *
 * @param nodes   base URLs of the API nodes; empty shows Redis' counters only
 * @param timeout how long the overview waits for each node
 */
@ConfigurationProperties("admin")
record NodesConfiguration(@Bindable(defaultValue = "") @NotNull List<URI> nodes,
                          @Bindable(defaultValue = "1s") @NotNull Duration nodeTimeout) {
}
