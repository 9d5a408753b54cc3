package io.ratelimiter.admin.web;

import java.util.Locale;

/** Numbers as the console prints them: thousands grouped, rates to one decimal. */
public final class Numbers {

    private Numbers() {
    }

    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.1f", perSecond);
    }
}
