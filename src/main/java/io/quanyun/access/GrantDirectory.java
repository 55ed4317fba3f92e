package io.quanyun.access;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the sandbox and the products ask about grants. */
public interface GrantDirectory {

    Optional<GrantDescriptor> find(UUID grantId);

    /** The operator's grants that are active now. */
    List<GrantDescriptor> activeFor(UUID operatorId);
}
