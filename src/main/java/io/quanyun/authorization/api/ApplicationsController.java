package io.quanyun.authorization.api;

import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.authorization.ApplicationView;
import io.quanyun.authorization.AuthorizationManagement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Applications (申报). */
@RestController
@RequestMapping(path = "/api/v1/applications", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Applications", description = "申报 / applications")
class ApplicationsController {

    private final AuthorizationManagement authorization;

    ApplicationsController(AuthorizationManagement authorization) {
        this.authorization = authorization;
    }

    @GetMapping
    List<ApplicationView> mine() {
        return authorization.myApplications();
    }

    @GetMapping("/{id}")
    ApplicationView one(@PathVariable UUID id) {
        return authorization.application(id);
    }

    @PostMapping("/{id}/withdrawal")
    ApplicationView withdraw(@PathVariable UUID id) {
        return authorization.withdrawApplication(id);
    }
}
