package dev.tally.audit;

import dev.tally.audit.chain.Checkpoint;
import dev.tally.audit.chain.Checkpoints;
import dev.tally.audit.chain.HashChain;
import dev.tally.audit.chain.VerificationResult;
import dev.tally.audit.export.EventExport;
import dev.tally.audit.history.AggregateKind;
import dev.tally.audit.history.AuditHistory;
import dev.tally.audit.history.HistoryEvent;
import dev.tally.audit.state.AsOfState;
import dev.tally.kernel.error.DomainException;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.FieldError;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The auditor's API (docs/audit.md): read-only, every merchant for auditor and admin keys; a merchant key with
 * {@code audit:read} reads its own aggregates' history and state.
 */
@RestController
@RequestMapping(path = "/api/v1/audit")
@PreAuthorize("isAuthenticated()")
public class AuditController {
    private final AuditHistory history;
    private final AsOfState states;
    private final EventExport export;
    private final HashChain chain;
    private final Checkpoints checkpoints;

    public AuditController(AuditHistory history, AsOfState states, EventExport export, HashChain chain,
                           Checkpoints checkpoints) {
        this.history = history;
        this.states = states;
        this.export = export;
        this.chain = chain;
        this.checkpoints = checkpoints;
    }

    @GetMapping(path = "/{aggregateType}/{id}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every event of one aggregate, in order, as stored",
            description = "aggregateType: invoices, payments, settlements or merchants.")
    public List<HistoryEvent> events(@AuthenticationPrincipal TallyPrincipal caller,
                                     @PathVariable String aggregateType, @PathVariable String id) {
        AuditAccess.requireReader(caller);
        return history.events(caller, kind(aggregateType), id);
    }

    @GetMapping(path = "/{aggregateType}/{id}/state", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "An invoice's, payment's or settlement's state rebuilt from its events up to an instant")
    public AsOfState.Snapshot state(@AuthenticationPrincipal TallyPrincipal caller,
                                    @PathVariable String aggregateType, @PathVariable String id,
                                    @Parameter(description = "ISO-8601 instant, inclusive; default now")
                                    @RequestParam(required = false) String asOf) {
        AuditAccess.requireReader(caller);
        AggregateKind kind = kind(aggregateType);
        if (kind == AggregateKind.MERCHANTS) {
            throw DomainException.notFound("state of merchants (read their events)");
        }
        Instant at = asOf == null ? Instant.now() : instant("asOf", asOf, new ArrayList<>(), true);
        return states.stateOf(caller, kind, id, at);
    }

    @GetMapping(path = "/events", produces = {"application/x-ndjson", "text/csv"})
    @Operation(summary = "The global event stream, streamed in global index order as NDJSON (default) or CSV",
            description = "Bounds are inclusive. type: an event's simple or full class name. format: ndjson or csv "
                          + "(or send Accept: text/csv).")
    public void exportEvents(@AuthenticationPrincipal TallyPrincipal caller,
                             @RequestParam(required = false) String fromIndex,
                             @RequestParam(required = false) String toIndex,
                             @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to,
                             @RequestParam(required = false) String type,
                             @RequestParam(required = false) String format,
                             @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                             HttpServletResponse response) throws IOException {
        AuditAccess.requireAuditor(caller);
        List<FieldError> errors = new ArrayList<>();
        Long fromIdx = index("fromIndex", fromIndex, errors);
        Long toIdx = index("toIndex", toIndex, errors);
        Instant fromAt = from == null ? null : instant("from", from, errors, false);
        Instant toAt = to == null ? null : instant("to", to, errors, false);
        EventExport.Format chosen;
        if (format == null) {
            chosen = accept != null && accept.contains("text/csv") && !accept.contains("ndjson")
                    ? EventExport.Format.CSV : EventExport.Format.NDJSON;
        } else if (format.equalsIgnoreCase("csv")) {
            chosen = EventExport.Format.CSV;
        } else if (format.equalsIgnoreCase("ndjson")) {
            chosen = EventExport.Format.NDJSON;
        } else {
            errors.add(new FieldError("format", "must be ndjson or csv"));
            chosen = null;
        }
        if (type != null && !type.matches("[A-Za-z0-9_.$]{1,255}")) {
            errors.add(new FieldError("type", "must be an event class name such as InvoiceCreated"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        // Written straight to the response as rows are read (no async timeout, no buffering of the whole stream).
        response.setContentType(chosen == EventExport.Format.CSV ? "text/csv;charset=UTF-8" : "application/x-ndjson");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"tally-events."
                                                           + (chosen == EventExport.Format.CSV ? "csv" : "ndjson") + "\"");
        export.write(new EventExport.Filter(fromIdx, toIdx, fromAt, toAt, type), chosen, response.getOutputStream());
        response.flushBuffer();
    }

    /** Optional range; without one the whole chain is re-read. */
    public record VerifyRequest(Long fromIndex, Long toIndex) {
    }

    @PostMapping(path = "/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Re-read the event stream and recompute the hash chain; reports the first broken link")
    public VerificationResult verify(@AuthenticationPrincipal TallyPrincipal caller,
                                     @RequestBody(required = false) VerifyRequest range) {
        AuditAccess.requireAuditor(caller);
        Long fromIdx = range == null ? null : range.fromIndex();
        Long toIdx = range == null ? null : range.toIndex();
        List<FieldError> errors = new ArrayList<>();
        if (fromIdx != null && fromIdx < 1) {
            errors.add(new FieldError("fromIndex", "must be 1 or more"));
        }
        if (fromIdx != null && toIdx != null && toIdx < fromIdx) {
            errors.add(new FieldError("toIndex", "must not be below fromIndex"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return chain.verify(fromIdx, toIdx);
    }

    @GetMapping(path = "/checkpoints/latest", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A signed checkpoint of the hash chain's head (Ed25519), to record and re-check later")
    public Checkpoint latestCheckpoint(@AuthenticationPrincipal TallyPrincipal caller) {
        AuditAccess.requireAuditor(caller);
        return checkpoints.latest();
    }

    @PostMapping(path = "/checkpoints/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Re-check a recorded checkpoint: signature, digest at its index, and the chain up to it")
    public Checkpoints.CheckpointCheck verifyCheckpoint(@AuthenticationPrincipal TallyPrincipal caller,
                                                        @RequestBody Checkpoint checkpoint) {
        AuditAccess.requireAuditor(caller);
        List<FieldError> errors = new ArrayList<>();
        if (checkpoint.globalIndex() < 1) {
            errors.add(new FieldError("globalIndex", "must be 1 or more"));
        }
        if (checkpoint.digest() == null || !checkpoint.digest().matches("[0-9a-fA-F]{64}")) {
            errors.add(new FieldError("digest", "must be 64 hex digits"));
        }
        if (checkpoint.signedAt() == null) {
            errors.add(new FieldError("signedAt", "is required"));
        }
        if (checkpoint.publicKey() == null) {
            errors.add(new FieldError("publicKey", "is required"));
        }
        if (checkpoint.signature() == null) {
            errors.add(new FieldError("signature", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return checkpoints.check(checkpoint);
    }

    private static AggregateKind kind(String path) {
        return AggregateKind.fromPath(path).orElseThrow(() -> DomainException.notFound(
                "aggregate type '" + path + "' (invoices, payments, settlements or merchants)"));
    }

    private static Long index(String field, String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                errors.add(new FieldError(field, "must not be negative"));
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a whole number"));
            return null;
        }
    }

    private static Instant instant(String field, String value, List<FieldError> errors, boolean throwNow) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                FieldError error = new FieldError(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
                if (throwNow) {
                    throw new InvalidRequestException(List.of(error));
                }
                errors.add(error);
                return null;
            }
        }
    }
}
