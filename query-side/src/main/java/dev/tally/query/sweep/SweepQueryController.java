package dev.tally.query.sweep;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.sweep.SweepStatus;
import dev.tally.platform.web.FieldError;
import dev.tally.query.QueryParameters;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reading sweeps of deposit addresses to the hot wallets (admin key). */
@RestController
@Tag(name = "Sweeps")
@SecurityRequirement(name = "apiKey")
@PreAuthorize("hasRole('ADMIN')")
public class SweepQueryController {
    private final QueryGateway queries;

    public SweepQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/v1/admin/sweeps/{sweepId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a sweep", description = "Its status (requested, broadcast, confirmed, failed), deposit "
            + "address and amount, its transaction's hash once broadcast, and what the chain charged for it and for "
            + "the gas sent to the deposit address first.")
    public SweepView get(@PathVariable String sweepId) {
        if (!SweepId.isValid(sweepId)) {
            throw DomainException.notFound("sweep " + sweepId);
        }
        return queries.query(new FindSweep(SweepId.of(sweepId)), ResponseTypes.optionalInstanceOf(SweepView.class))
                      .join()
                      .orElseThrow(() -> DomainException.notFound("sweep " + sweepId));
    }

    @GetMapping(path = "/api/v1/admin/sweeps", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List sweeps", description = "The newest sweeps first, of one status and mode if asked.")
    public List<SweepView> list(@Parameter(description = "requested, broadcast, confirmed or failed")
                                @RequestParam(required = false) String status,
                                @Parameter(description = "live, or test (the sandbox chain's)")
                                @RequestParam(required = false) String mode,
                                @Parameter(description = "1 to 100, default 20")
                                @RequestParam(required = false) String limit) {
        List<FieldError> errors = new ArrayList<>();
        SweepStatus wanted = null;
        if (status != null) {
            wanted = Arrays.stream(SweepStatus.values())
                           .filter(s -> s.code().equals(status.strip().toLowerCase(Locale.ROOT))).findFirst()
                           .orElse(null);
            if (wanted == null) {
                errors.add(new FieldError("status", "must be requested, broadcast, confirmed or failed"));
            }
        }
        Mode wantedMode = null;
        if (mode != null) {
            wantedMode = Mode.fromCode(mode).orElse(null);
            if (wantedMode == null) {
                errors.add(new FieldError("mode", "must be live or test"));
            }
        }
        int size = QueryParameters.limit(limit, ListSweeps.LIMIT_DEFAULT, ListSweeps.LIMIT_MAX, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return queries.query(new ListSweeps(wanted, wantedMode, size),
                             ResponseTypes.multipleInstancesOf(SweepView.class)).join();
    }
}
