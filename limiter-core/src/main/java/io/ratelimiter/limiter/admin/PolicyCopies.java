package io.ratelimiter.limiter.admin;

import io.micronaut.serde.annotation.Serdeable;

/**
 * How far the latest change of the default and route policies has reached: checks read the copy in their client's
 * bucket (one bucket on standalone Redis, 64 on a Cluster), and a copy that missed a change is brought up to date
 * within seconds.
 *
 * @param version the version of the shared policies
 * @param copies  every bucket's copy
 * @param current     copies that hold that version
 * @param unreachable copies Redis could not be asked about just now (a master failing over); they are repaired once
 *                    they can be
 */
@Serdeable
public record PolicyCopies(long version, int copies, int current, int unreachable) {

    /** Whether every copy holds the latest change, so every node decides with it. */
    public boolean converged() {
        return current == copies;
    }
}
