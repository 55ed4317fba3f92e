package io.quanyun.authorization.api;

import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.authorization.AuthorizationManagement;
import io.quanyun.authorization.CallView;
import io.quanyun.authorization.NoticeView;
import io.swagger.v3.oas.annotations.tags.Tag;

/** What the public reads without signing in: published calls, notices with objections and answers. */
@RestController
@RequestMapping(path = "/api/v1/public", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Public", description = "公开信息 / public information")
class PublicController {

    private final AuthorizationManagement authorization;

    PublicController(AuthorizationManagement authorization) {
        this.authorization = authorization;
    }

    @GetMapping("/calls")
    List<CallView> calls() {
        return authorization.publicCalls();
    }

    @GetMapping("/calls/{id}")
    CallView call(@PathVariable UUID id) {
        return authorization.publicCall(id);
    }

    @GetMapping("/notices/{callId}")
    NoticeView notice(@PathVariable UUID callId) {
        return authorization.notice(callId);
    }
}
