package io.quanyun.shared.web;

import static java.util.Objects.requireNonNull;

import java.util.Set;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Role;

/**
 * An entry of the console's navigation. Each module declares its entries as beans; the console shows those
 * whose roles the signed-in person holds (an empty set: every signed-in person).
 *
 * @param messageKey the message key of the label
 * @param href the link
 * @param roles who sees it
 * @param order position, lower first
 */
public record NavigationItem(String messageKey, String href, Set<Role> roles, int order) {

    public NavigationItem {
        requireNonNull(messageKey, "messageKey is null");
        requireNonNull(href, "href is null");
        roles = Set.copyOf(roles);
    }

    public boolean visibleTo(Actor actor) {
        return actor.isAuthenticated() && (roles.isEmpty() || roles.stream().anyMatch(actor::has));
    }
}
