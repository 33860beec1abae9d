package dev.weft.server;

import java.util.List;

/**
 * Who is behind a connection, as its {@code hello} said (or, with auth, its token) and as presence
 * shows it to others.
 *
 * @param id the token's {@code sub}; null without auth
 * @param name the display name, 1..64 characters; the client id when the client gave none
 * @param color a CSS colour, at most 32 characters; one picked from the client id when none given
 */
record User(String id, String name, String color) {
    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_COLOR_LENGTH = 32;
    private static final List<String> PALETTE = List.of(
            "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#469990",
            "#9a6324", "#800000", "#808000", "#000075");

    User {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw ProtocolError.badMessage("user.name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (color == null || color.isEmpty() || color.length() > MAX_COLOR_LENGTH) {
            throw ProtocolError.badMessage("user.color must be 1 to " + MAX_COLOR_LENGTH + " characters");
        }
    }

    /** The user a client gets when its hello names none: its id, and a stable colour for it. */
    static User defaultFor(String clientId) {
        return new User(null, clientId, defaultColor(clientId));
    }

    static String defaultColor(String clientId) {
        return PALETTE.get(Math.floorMod(clientId.hashCode(), PALETTE.size()));
    }
}
