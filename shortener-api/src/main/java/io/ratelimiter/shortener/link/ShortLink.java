package io.ratelimiter.shortener.link;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

@MappedEntity("short_link")
record ShortLink(
        @Id @GeneratedValue Long id,
        String code,
        String url,
        @MappedProperty("url_sha256") byte[] urlSha256,
        @GeneratedValue Instant createdAt) {
}
