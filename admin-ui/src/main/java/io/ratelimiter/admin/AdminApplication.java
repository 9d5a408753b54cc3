package io.ratelimiter.admin;

import io.micronaut.runtime.Micronaut;

/** The operators' console: live client windows, policies and their audit, beside the API nodes. */
public final class AdminApplication {

    private AdminApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(AdminApplication.class, args);
    }
}
