package io.ratelimiter.shortener.link;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/** Shortens URLs and resolves codes: the shortener's whole domain. */
@Singleton
public final class ShortLinks {

    /** A fresh code collides with a stored one about once in 10^14 tries; a handful of retries is plenty. */
    private static final int MAX_ATTEMPTS = 5;

    private final ShortLinkRepository repository;
    private final ShortCodes codes;

    ShortLinks(ShortLinkRepository repository, ShortCodes codes) {
        this.repository = repository;
        this.codes = codes;
    }

    /**
     * Returns the code for {@code candidateUrl}: the one already stored for it, or a new one. Safe under races: the
     * database's unique indexes decide, and whoever loses re-reads the winner's code.
     *
     * @param ownBases the bases of this shortener's own links, which are refused as targets
     * @throws InvalidUrlException when the URL is not one we shorten
     * @throws LinkStoreUnavailableException when the database cannot be reached
     */
    public String shorten(String candidateUrl, Collection<String> ownBases) {
        String url = TargetUrls.validate(candidateUrl, ownBases);
        byte[] hash = sha256(url);
        return whileReachable(() -> storeOnce(url, hash));
    }

    private String storeOnce(String url, byte[] hash) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<String> existing = repository.findCodeByUrlSha256(hash);
            if (existing.isPresent()) {
                return existing.get();
            }
            String code = codes.next();
            if (repository.insertIfAbsent(code, url, hash) == 1) {
                return code;
            }
            // Nothing inserted: either another request stored this URL first (found on the next pass) or the code
            // was taken (a new one is drawn).
        }
        throw new IllegalStateException("no free short code after " + MAX_ATTEMPTS + " attempts");
    }

    /** The stored URL for {@code code}, if any; malformed codes are answered without asking the database. */
    public Optional<String> resolve(String code) {
        if (!ShortCodes.isWellFormed(code)) {
            return Optional.empty();
        }
        return whileReachable(() -> repository.findUrlByCode(code));
    }

    private static <T> T whileReachable(Supplier<T> databaseWork) {
        try {
            return databaseWork.get();
        } catch (RuntimeException e) {
            if (LinkStoreUnavailableException.isConnectionFailure(e)) {
                throw new LinkStoreUnavailableException(e);
            }
            throw e;
        }
    }

    private static byte[] sha256(String url) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
