package io.quanyun.console;

import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.web.NavigationItem;
import jakarta.servlet.http.HttpServletRequest;

/** Puts the signed-in person and the navigation for its roles into every console page's model. */
@ControllerAdvice(annotations = Controller.class)
class ConsoleModel {

    private final List<NavigationItem> navigation;

    ConsoleModel(List<NavigationItem> navigation) {
        this.navigation = navigation.stream().sorted(Comparator.comparingInt(NavigationItem::order)).toList();
    }

    @ModelAttribute("actor")
    Actor actor() {
        return Actors.current();
    }

    @ModelAttribute("navigation")
    List<NavigationItem> navigation() {
        Actor actor = Actors.current();
        return navigation.stream().filter(item -> item.visibleTo(actor)).toList();
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI();
    }
}
