package io.quanyun.identity.api;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.identity.AuthorityLevel;
import io.quanyun.identity.CreateUser;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.RegisterOrganization;
import io.quanyun.identity.SupervisorDepartment;
import io.quanyun.identity.UserView;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Organizations and their users. */
@RestController
@RequestMapping(path = "/api/v1/organizations", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Organizations", description = "单位与用户 / organizations and users")
class OrganizationsController {

    private final IdentityManagement identity;

    OrganizationsController(IdentityManagement identity) {
        this.identity = identity;
    }

    record OrganizationRequest(@Nullable String name, @Nullable OrganizationType type, @Nullable String creditCode,
            @Nullable AuthorityLevel authorityLevel, @Nullable SupervisorDepartment supervisorDepartment,
            @Nullable String legalRepresentative) {
    }

    record UserRequest(@Nullable String username, @Nullable String displayName, @Nullable String password,
            @Nullable Set<Role> roles) {
    }

    @GetMapping
    @Operation(summary = "Organizations the caller may see")
    List<OrganizationView> list() {
        return identity.organizations();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One organization")
    OrganizationView one(@PathVariable UUID id) {
        return identity.organization(id);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register an organization (city authority)")
    ResponseEntity<OrganizationView> register(@RequestBody OrganizationRequest request) {
        OrganizationView created = identity.registerOrganization(new RegisterOrganization(request.name(),
                request.type(), request.creditCode(), request.authorityLevel(), request.supervisorDepartment(),
                request.legalRepresentative()));
        return ResponseEntity.created(URI.create("/api/v1/organizations/" + created.id())).body(created);
    }

    @GetMapping("/{id}/users")
    @Operation(summary = "Users of an organization")
    List<UserView> users(@PathVariable UUID id) {
        return identity.users(id);
    }

    @PostMapping(path = "/{id}/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a user in an organization")
    ResponseEntity<UserView> createUser(@PathVariable UUID id, @RequestBody UserRequest request) {
        UserView created = identity.createUser(new CreateUser(id, request.username(), request.displayName(),
                request.password(), request.roles()));
        return ResponseEntity.created(URI.create("/api/v1/organizations/" + id + "/users/" + created.id()))
                .body(created);
    }
}
