package io.ratelimiter.shortener;

import io.micronaut.runtime.Micronaut;

public final class ShortenerApplication {

    private ShortenerApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ShortenerApplication.class, args);
    }
}
