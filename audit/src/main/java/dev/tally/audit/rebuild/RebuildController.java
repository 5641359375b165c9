package dev.tally.audit.rebuild;

import dev.tally.audit.AuditAccess;
import dev.tally.kernel.error.DomainException;
import dev.tally.platform.security.TallyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * Projection rebuilds (docs/audit.md, "Rebuilds"), for auditor and admin keys. A rebuild changes no fact: it
 * recomputes read models from the stored events, so a read-only auditor key may start one.
 */
@RestController
@RequestMapping(path = "/api/v1/audit/rebuilds")
@PreAuthorize("isAuthenticated()")
public class RebuildController {
    private final Rebuilds rebuilds;

    public RebuildController(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    /** Either {@code projections} (names) or {@code all: true}. */
    public record RebuildRequest(List<String> projections, Boolean all) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Rebuild projections from the event store while the old rows keep serving",
            description = "Body: {\"projections\":[\"merchant-dashboard\"]} or {\"all\":true}. Answers 202 with the "
                          + "rebuild's id; follow it at GET /api/v1/audit/rebuilds/{id}. Unknown names are a 400 "
                          + "listing the valid ones; a projection already queued or being rebuilt a 409.")
    public ResponseEntity<RebuildStatus> start(@AuthenticationPrincipal TallyPrincipal caller,
                                               @RequestBody RebuildRequest request) {
        AuditAccess.requireAuditor(caller);
        RebuildStatus status = rebuilds.start(request.projections(), Boolean.TRUE.equals(request.all()));
        return ResponseEntity.accepted().location(URI.create("/api/v1/audit/rebuilds/" + status.id())).body(status);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The projections that can be rebuilt and every rebuild this process knows, newest first")
    public RebuildStatus.Overview list(@AuthenticationPrincipal TallyPrincipal caller) {
        AuditAccess.requireAuditor(caller);
        return rebuilds.overview();
    }

    @GetMapping(path = "/{rebuildId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One rebuild's progress: per projection events done/total, rate, ETA, times and error")
    public RebuildStatus get(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String rebuildId) {
        AuditAccess.requireAuditor(caller);
        return rebuilds.find(rebuildId).orElseThrow(() -> DomainException.notFound("rebuild " + rebuildId));
    }
}
