package io.quanyun.identity.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.quanyun.identity.AuthorityLevel;
import io.quanyun.identity.CreateUser;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.RegisterOrganization;
import io.quanyun.identity.SupervisorDepartment;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.quanyun.shared.web.Htmx;

/** The authority's page for organizations and users. */
@Controller
@RequestMapping("/admin/organizations")
class OrganizationAdminController {

    private final IdentityManagement identity;

    OrganizationAdminController(IdentityManagement identity) {
        this.identity = identity;
    }

    /** The form to register an organization; separate from the aggregate. */
    static final class OrganizationForm {
        public @Nullable String name;
        public @Nullable OrganizationType type;
        public @Nullable String creditCode;
        public @Nullable AuthorityLevel authorityLevel;
        public @Nullable SupervisorDepartment supervisorDepartment;
        public @Nullable String legalRepresentative;

        public void setName(String name) { this.name = name; }
        public void setType(OrganizationType type) { this.type = type; }
        public void setCreditCode(String creditCode) { this.creditCode = creditCode; }
        public void setAuthorityLevel(AuthorityLevel level) { this.authorityLevel = level; }
        public void setSupervisorDepartment(SupervisorDepartment department) { this.supervisorDepartment = department; }
        public void setLegalRepresentative(String legalRepresentative) { this.legalRepresentative = legalRepresentative; }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("organizations", identity.organizations());
        model.addAttribute("types", OrganizationType.values());
        model.addAttribute("levels", AuthorityLevel.values());
        model.addAttribute("departments", SupervisorDepartment.values());
        return "identity/organizations";
    }

    @PostMapping
    String register(@ModelAttribute OrganizationForm form, RedirectAttributes redirect,
            jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
        OrganizationView created = identity.registerOrganization(new RegisterOrganization(form.name, form.type,
                form.creditCode, form.authorityLevel, form.supervisorDepartment, form.legalRepresentative));
        redirect.addFlashAttribute("notice", created.name());
        return Htmx.redirect(request, response, "/admin/organizations/" + created.id());
    }

    @GetMapping("/{id}")
    String one(@PathVariable UUID id, Model model) {
        OrganizationView organization = identity.organization(id);
        model.addAttribute("organization", organization);
        model.addAttribute("users", identity.users(id));
        model.addAttribute("roles", EnumSet.allOf(Role.class).stream().filter(r -> r.fits(organization.type())).toList());
        return "identity/organization";
    }

    @PostMapping("/{id}/users")
    String createUser(@PathVariable UUID id, @RequestParam(required = false) String username,
            @RequestParam(required = false) String displayName, @RequestParam(required = false) String password,
            @RequestParam(required = false) List<Role> roles, RedirectAttributes redirect,
            jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
        Set<Role> set = roles == null || roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles);
        identity.createUser(new CreateUser(id, username, displayName, password, set));
        redirect.addFlashAttribute("notice", username);
        return Htmx.redirect(request, response, "/admin/organizations/" + id);
    }

}
