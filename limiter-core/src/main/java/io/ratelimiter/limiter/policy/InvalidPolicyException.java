package io.ratelimiter.limiter.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy, limit or client rule that cannot be stored. Carries every problem found, each tied to the field it is
 * about, in words an operator can act on, so a form can show them beside its inputs.
 */
public final class InvalidPolicyException extends IllegalArgumentException {

    /** One problem: {@code field} is the record component it concerns (e.g. {@code limits[1].quota}). */
    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    public InvalidPolicyException(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidPolicyException(Violation violation) {
        this(List.of(violation));
    }

    public List<Violation> violations() {
        return violations;
    }
}
