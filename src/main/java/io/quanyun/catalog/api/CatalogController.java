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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.catalog.CatalogManagement;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.RegisterDataset;
import io.quanyun.catalog.RegistrationRecord;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The catalog over JSON: metadata for everyone, registration and review for providers and the authority. */
@RestController
@RequestMapping(path = "/api/v1/catalog/datasets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Catalog", description = "公共数据目录 / public data catalog (metadata only, never values)")
class CatalogController {

    private final CatalogManagement catalog;

    CatalogController(CatalogManagement catalog) {
        this.catalog = catalog;
    }

    record Reason(@Nullable String reason) {
    }

    @GetMapping
    @Operation(summary = "Datasets the caller may see (published ones without a token)")
    List<DatasetDescriptor> list() {
        return catalog.datasets();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One dataset's metadata and fields")
    DatasetDescriptor one(@PathVariable UUID id) {
        return catalog.dataset(id);
    }

    @GetMapping("/{id}/registrations")
    @Operation(summary = "The dataset's registration history")
    List<RegistrationRecord> registrations(@PathVariable UUID id) {
        return catalog.registrations(id);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a dataset (provider clerk, for the own organization)")
    ResponseEntity<DatasetDescriptor> register(@RequestBody RegisterDataset command) {
        var actor = Actors.current();
        if (actor.organizationId() == null) {
            throw QuanyunException.forbidden("Sign in as a provider clerk");
        }
        DatasetDescriptor created = catalog.registerDataset(actor.organizationId(), command);
        return ResponseEntity.created(URI.create("/api/v1/catalog/datasets/" + created.id())).body(created);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Redescribe a draft dataset (its provider)")
    DatasetDescriptor redescribe(@PathVariable UUID id, @RequestBody RegisterDataset command) {
        return catalog.redescribe(id, command);
    }

    @PostMapping("/{id}/submit")
    @Operation(summary = "Submit a draft for review (its provider)")
    DatasetDescriptor submit(@PathVariable UUID id) {
        return catalog.submit(id);
    }

    @PostMapping("/{id}/publish")
    @Operation(summary = "Publish a reviewed dataset (authority)")
    DatasetDescriptor publish(@PathVariable UUID id) {
        return catalog.publish(id);
    }

    @PostMapping(path = "/{id}/return", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send a submitted dataset back to its provider with a reason (authority)")
    DatasetDescriptor sendBack(@PathVariable UUID id, @RequestBody Reason reason) {
        return catalog.returnToProvider(id, reason.reason());
    }

    @PostMapping(path = "/{id}/withdraw", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Withdraw and deregister a dataset with a reason (provider or authority)")
    DatasetDescriptor withdraw(@PathVariable UUID id, @RequestBody Reason reason) {
        return catalog.withdraw(id, reason.reason());
    }

    @PostMapping("/{id}/renew")
    @Operation(summary = "Renew a published dataset's registration for three years (authority)")
    RegistrationRecord renew(@PathVariable UUID id) {
        return catalog.renew(id);
    }
}
