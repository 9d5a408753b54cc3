package io.ratelimiter.shortener.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** An RFC 9457 problem detail: every error this API answers has this body, as {@code application/problem+json}. */
@Serdeable
record Problem(String type, String title, int status, @Nullable String detail) {

    static final String MEDIA_TYPE = "application/problem+json";
}
