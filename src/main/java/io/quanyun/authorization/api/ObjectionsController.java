package io.quanyun.authorization.api;

import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.authorization.AnswerObjection;
import io.quanyun.authorization.AuthorizationManagement;
import io.quanyun.authorization.ObjectionView;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The authority's answers to objections. Objections are filed on the portal, without sign-in. */
@RestController
@RequestMapping(path = "/api/v1/objections", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Objections", description = "公示异议 / objections")
class ObjectionsController {

    private final AuthorizationManagement authorization;

    ObjectionsController(AuthorizationManagement authorization) {
        this.authorization = authorization;
    }

    @PostMapping(path = "/{id}/answer", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectionView answer(@PathVariable UUID id, @RequestBody AnswerObjection request) {
        return authorization.answerObjection(id, request);
    }
}
