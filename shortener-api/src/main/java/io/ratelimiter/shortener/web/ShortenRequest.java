package io.ratelimiter.shortener.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code POST /shorten}: the form field {@code url} (as the seed sends it) or {@code {"url": "..."}}. */
@Serdeable
record ShortenRequest(@Nullable String url) {
}
