package io.ratelimiter.admin.audit;

/**
 * Who acts, from where and in which session, as the audit records it.
 *
 * @param operator      the account name (for a failed sign-in: the name that was typed, made printable)
 * @param sourceAddress the client address through the trusted proxies
 * @param sessionRef    a digest of the session id, empty where there is no session
 */
public record Actor(String operator, String sourceAddress, String sessionRef) {
}
