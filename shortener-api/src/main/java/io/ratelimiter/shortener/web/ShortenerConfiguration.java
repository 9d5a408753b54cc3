package io.ratelimiter.shortener.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Pattern;

/**
 * @param baseUrl        absolute base of the short links the API hands out (e.g. {@code https://sho.rt}); when unset,
 *                       the host the request was addressed to is used
 * @param redirectStatus 302 by default: a temporary redirect keeps every visit coming back through the shortener
 *                       (and its limiter), where a cached 301 would not; 301, 307 and 308 are accepted too
 */
@ConfigurationProperties("shortener")
record ShortenerConfiguration(
        @Nullable @Pattern(regexp = "https?://[^/]+(/.*)?", message = "shortener.base-url must be an absolute http(s) URL") String baseUrl,
        @Bindable(defaultValue = "302") @Pattern(regexp = "301|302|307|308") String redirectStatus) {
}
