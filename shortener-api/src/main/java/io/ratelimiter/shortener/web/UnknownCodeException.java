package io.ratelimiter.shortener.web;

final class UnknownCodeException extends RuntimeException {

    UnknownCodeException(String code) {
        super("No short link has the code '" + abbreviate(code) + "'.", null, false, false);
    }

    private static String abbreviate(String code) {
        return code.length() <= 32 ? code : code.substring(0, 32) + "...";
    }
}
