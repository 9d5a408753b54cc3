package io.ratelimiter.shortener.link;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;

/**
 * What may be shortened: absolute http(s) URLs with a host, of sane length, nothing a browser could execute, and
 * not a link of this shortener itself (a short link to a short link is a detour at best and a loop at worst).
 * Non-ASCII characters are kept percent-encoded (UTF-8), so what is stored, and sent back in {@code Location}, is
 * plain ASCII that every proxy and browser reads the same way: no invisible or direction-changing characters.
 */
final class TargetUrls {

    static final int MAX_LENGTH = 2048;

    private TargetUrls() {
    }

    /**
     * Returns the URL to store, in its ASCII form, or throws {@link InvalidUrlException} naming the problem.
     *
     * @param ownBases the absolute bases this shortener's links start with (its configured base URL, the host the
     *                 request was sent to); unparsable ones are ignored
     */
    static String validate(String candidate, Collection<String> ownBases) {
        if (candidate == null || candidate.isBlank()) {
            throw new InvalidUrlException("The field 'url' is required and must not be empty.");
        }
        String url = candidate.strip();
        if (url.length() > MAX_LENGTH) {
            throw new InvalidUrlException("The url is " + url.length() + " characters long; at most " + MAX_LENGTH + " are accepted.");
        }
        if (url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidUrlException("The url contains spaces or control characters; percent-encode them.");
        }
        if (url.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            throw new InvalidUrlException("The url is not valid Unicode text (it holds half of a surrogate pair).");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidUrlException("The url is not a valid URI: " + e.getReason() + " at index " + e.getIndex() + ".");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new InvalidUrlException("Only absolute http and https URLs can be shortened"
                    + (scheme == null ? "; this one has no scheme." : "; this one is a '" + scheme + ":' URL."));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidUrlException("The url has no host name.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidUrlException("The url carries credentials (user:password@); they are not accepted.");
        }
        if (ownBases.stream().anyMatch(base -> isUnder(uri, base))) {
            throw new InvalidUrlException("The url is a link of this shortener; shorten the address it leads to instead.");
        }
        String ascii = uri.toASCIIString();
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidUrlException("With its non-ASCII characters percent-encoded the url is " + ascii.length()
                    + " characters long; at most " + MAX_LENGTH + " are accepted.");
        }
        return ascii;
    }

    /**
     * Whether {@code uri} is on the base's host and under its path. Hosts compare without case or a trailing dot;
     * ports must match, except that the two standard ports count as one, since a shortener served over http on 80
     * is usually the same one over https on 443. Names are compared as written: no DNS lookup decides this.
     */
    private static boolean isUnder(URI uri, String base) {
        URI own;
        try {
            own = new URI(base);
        } catch (URISyntaxException e) {
            return false;
        }
        if (own.getHost() == null || !host(own).equals(host(uri))) {
            return false;
        }
        int ownPort = port(own);
        int port = port(uri);
        if (ownPort != port && !(isStandard(ownPort) && isStandard(port))) {
            return false;
        }
        String ownPath = own.getPath() == null ? "" : own.getPath().replaceAll("/+$", "");
        String path = uri.getPath() == null ? "" : uri.getPath();
        return path.equals(ownPath) || path.startsWith(ownPath + "/");
    }

    private static String host(URI uri) {
        return uri.getHost().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean isStandard(int port) {
        return port == 80 || port == 443;
    }
}
