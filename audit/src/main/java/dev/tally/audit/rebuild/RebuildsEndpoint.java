package dev.tally.audit.rebuild;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/rebuilds}: the rebuilds' progress for operators, read-only (starting one needs an auditor or admin
 * key on the audit API).
 */
@Component
@Endpoint(id = "rebuilds")
public class RebuildsEndpoint {
    private final Rebuilds rebuilds;

    public RebuildsEndpoint(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @ReadOperation
    public RebuildStatus.Overview rebuilds() {
        return rebuilds.overview();
    }

    @ReadOperation
    public RebuildStatus rebuild(@Selector String id) {
        return rebuilds.find(id).orElse(null);
    }
}
