package io.quanyun.authorization.api;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.authorization.AuthorizationManagement;
import io.quanyun.authorization.DeclareConflicts;
import io.quanyun.authorization.ReviewView;
import io.quanyun.authorization.ScoreInput;
import io.swagger.v3.oas.annotations.tags.Tag;

/** An expert's reviews: conflict declaration, scores, submission. */
@RestController
@RequestMapping(path = "/api/v1/reviews", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Reviews", description = "专家评审 / expert review")
class ReviewsController {

    private final AuthorizationManagement authorization;

    ReviewsController(AuthorizationManagement authorization) {
        this.authorization = authorization;
    }

    record ScoresRequest(@Nullable List<ScoreInput> scores) {
    }

    @GetMapping
    List<ReviewView> mine() {
        return authorization.myReviews();
    }

    @GetMapping("/{id}")
    ReviewView one(@PathVariable UUID id) {
        return authorization.review(id);
    }

    @PostMapping(path = "/{id}/declaration", consumes = MediaType.APPLICATION_JSON_VALUE)
    ReviewView declare(@PathVariable UUID id, @RequestBody DeclareConflicts request) {
        return authorization.declareConflicts(id, request);
    }

    @PutMapping(path = "/{id}/scores/{applicationId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ReviewView score(@PathVariable UUID id, @PathVariable UUID applicationId, @RequestBody ScoresRequest request) {
        return authorization.score(id, applicationId, request.scores() == null ? List.of() : request.scores());
    }

    @PostMapping("/{id}/submission")
    ReviewView submit(@PathVariable UUID id) {
        return authorization.submitReview(id);
    }
}
