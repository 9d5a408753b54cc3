package io.ratelimiter.shortener.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/**
 * @param shortUrl         the short link's path, {@code /<code>}: the seed's field, which its clients read
 * @param code             the code alone
 * @param shortUrlAbsolute the short link as an absolute URL, ready to share
 */
@Serdeable
record ShortenResponse(
        @JsonProperty("short_url") String shortUrl,
        @JsonProperty("code") String code,
        @JsonProperty("short_url_absolute") String shortUrlAbsolute) {
}
