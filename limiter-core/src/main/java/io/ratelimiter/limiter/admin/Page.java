package io.ratelimiter.limiter.admin;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of a listing.
 *
 * @param items   at most {@code size} items
 * @param page    which page, 0 first
 * @param size    the page size asked for
 * @param hasNext whether a next page has at least one item
 */
@Serdeable
public record Page<T>(List<T> items, int page, int size, boolean hasNext) {

    public static final int MAX_SIZE = 500;

    public Page {
        items = List.copyOf(items);
    }
}
