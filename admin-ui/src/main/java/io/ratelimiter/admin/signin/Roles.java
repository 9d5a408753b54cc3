package io.ratelimiter.admin.signin;

import java.util.List;
import java.util.Locale;

/**
 * What an operator may do. A viewer sees every page; an editor also changes policies and client rules (and resets
 * windows). Names as micronaut-security's {@code @Secured} checks them.
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String EDITOR = "editor";

    private Roles() {
    }

    /** The account's role, checked: {@code viewer} or {@code editor}. */
    public static String parse(String role) {
        String name = role == null ? "" : role.trim().toLowerCase(Locale.ROOT);
        if (!name.equals(VIEWER) && !name.equals(EDITOR)) {
            throw new IllegalArgumentException("a role is viewer or editor, not '" + role + "'");
        }
        return name;
    }

    /** The roles an account of {@code role} holds: an editor is also a viewer. */
    static List<String> granted(String role) {
        return EDITOR.equals(role) ? List.of(VIEWER, EDITOR) : List.of(VIEWER);
    }
}
