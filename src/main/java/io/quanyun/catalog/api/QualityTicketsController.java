package io.quanyun.catalog.api;

import java.net.URI;
import java.util.List;
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

import io.quanyun.catalog.QualityTicketView;
import io.quanyun.catalog.ReportQualityProblem;
import io.quanyun.catalog.ResolvingQualityProblems;
import io.quanyun.shared.Violation;
import io.quanyun.shared.QuanyunException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Quality tickets over JSON (Art. 10, 12): operators report, providers answer and close, the authority watches. */
@RestController
@RequestMapping(path = "/api/v1/catalog/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Quality tickets", description = "数据质量问题工单 / data quality tickets")
class QualityTicketsController {

    private final ResolvingQualityProblems tickets;

    QualityTicketsController(ResolvingQualityProblems tickets) {
        this.tickets = tickets;
    }

    record Answer(@Nullable String answer) {
    }

    record Closing(@Nullable Integer fixedInVersion) {
    }

    record Rejection(@Nullable String reason) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Report a quality problem on a dataset or field (operator)")
    ResponseEntity<QualityTicketView> report(@RequestBody ReportQualityProblem command) {
        QualityTicketView ticket = tickets.report(command);
        return ResponseEntity.created(URI.create("/api/v1/catalog/tickets/" + ticket.id())).body(ticket);
    }

    @GetMapping
    @Operation(summary = "The tickets the caller may see")
    List<QualityTicketView> list() {
        return tickets.tickets();
    }

    @GetMapping("/overdue")
    @Operation(summary = "Overdue tickets (authority, auditors)")
    List<QualityTicketView> overdue() {
        return tickets.overdue();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One ticket (reporter, provider, authority)")
    QualityTicketView one(@PathVariable UUID id) {
        return tickets.ticket(id);
    }

    @PostMapping(path = "/{id}/answer", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Answer an open ticket (the dataset's provider)")
    QualityTicketView answer(@PathVariable UUID id, @RequestBody Answer answer) {
        return tickets.answer(id, answer.answer());
    }

    @PostMapping(path = "/{id}/close", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Close an answered ticket with the version that fixed it (the dataset's provider)")
    QualityTicketView close(@PathVariable UUID id, @RequestBody Closing closing) {
        if (closing.fixedInVersion() == null) {
            throw QuanyunException.invalid(List.of(new Violation("fixedInVersion", "必填 (required)")));
        }
        return tickets.close(id, closing.fixedInVersion());
    }

    @PostMapping(path = "/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reject a ticket with a reason (the dataset's provider)")
    QualityTicketView reject(@PathVariable UUID id, @RequestBody Rejection rejection) {
        return tickets.reject(id, rejection.reason());
    }
}
