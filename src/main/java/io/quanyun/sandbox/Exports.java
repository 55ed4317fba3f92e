package io.quanyun.sandbox;

import java.util.List;
import java.util.UUID;
import org.springframework.data.repository.ListCrudRepository;

/** The export requests. */
interface Exports extends ListCrudRepository<Export, UUID> {

    List<Export> findByStateOrderByRequestedAt(ExportState state);

    List<Export> findByWorkspaceIdOrderByRequestedAt(UUID workspaceId);
}
