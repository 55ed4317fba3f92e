package io.quanyun.identity.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.quanyun.shared.Actors;

/** The sign-in page. */
@Controller
class LoginController {

    private final boolean demo;

    LoginController(@Value("${quanyun.demo.enabled:false}") boolean demo) {
        this.demo = demo;
    }

    @GetMapping("/login")
    String login(Model model) {
        if (Actors.current().isAuthenticated()) {
            return "redirect:/home";
        }
        model.addAttribute("demo", demo);
        return "identity/login";
    }
}
