package io.ratelimiter.shortener.link;

/** The URL given to shorten is not one we accept; the message tells the client what is wrong. */
public final class InvalidUrlException extends RuntimeException {

    public InvalidUrlException(String message) {
        super(message, null, false, false);
    }
}
