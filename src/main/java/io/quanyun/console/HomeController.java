package io.quanyun.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.Role;

/** The public landing page and the signed-in home page, which shows what each role does here. */
@Controller
class HomeController {

    @GetMapping("/")
    String index() {
        return Actors.current().isAuthenticated() ? "redirect:/home" : "console/index";
    }

    @GetMapping("/home")
    String home(Model model) {
        Actor actor = Actors.current();
        model.addAttribute("tasks", actor.roles().stream().sorted().map(Role::name).toList());
        return "console/home";
    }
}
