package dev.tally.command.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.command.CommandSideProperties;
import dev.tally.command.RandomIds;
import dev.tally.command.idempotency.IdempotencyKeys;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.AcceptLatePayment;
import dev.tally.kernel.invoice.CancelInvoice;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.ReadYourWrites;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/** Creating and cancelling invoices (merchant API key). Reading them is the query side's. */
@RestController
@RequestMapping(path = "/api/v1/invoices", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Invoices")
@SecurityRequirement(name = "apiKey")
public class InvoiceCommandController {
    /** The {@code Prefer} token that makes a create wait until every view shows the invoice. */
    static final String READ_YOUR_WRITES = "read-your-writes";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final IdempotencyKeys idempotencyKeys;
    private final InvoiceCreationHandler creations;
    private final CommandSideProperties properties;
    private final ObjectMapper json;

    public InvoiceCommandController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites,
                                    IdempotencyKeys idempotencyKeys, InvoiceCreationHandler creations,
                                    CommandSideProperties properties,
                                    ObjectMapper json) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.idempotencyKeys = idempotencyKeys;
        this.creations = creations;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_WRITE + "')")
    @Operation(summary = "Create an invoice", description = "Send an Idempotency-Key so that a retried request "
            + "returns the first invoice instead of creating another. The key's mode is the invoice's: a test key "
            + "(tly_test_…) creates a test invoice, paid only on the sandbox chain; a live key a live one, paid on its "
            + "real chain (refused, 422, on a chain this deployment does not watch). The answer is the created "
            + "invoice, from its creation event; reading it by id right away finds it, while lists show it a few "
            + "milliseconds later (send `Prefer: read-your-writes` to wait for them).")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = InvoiceView.class)))
    public ResponseEntity<String> create(@AuthenticationPrincipal TallyPrincipal caller,
                                         @Parameter(description = "Unique per request, kept 24 h")
                                         @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                         @Parameter(description = "`read-your-writes`: answer only once every view "
                                                 + "(lists, dashboard) shows the invoice (waits a few milliseconds, "
                                                 + "at most a few seconds)")
                                         @RequestHeader(name = "Prefer", required = false) String prefer,
                                         @RequestBody CreateInvoiceRequest request) {
        MerchantId merchantId = caller.requireMerchant();
        boolean waitForViews = prefer != null && prefer.contains(READ_YOUR_WRITES) && readYourWrites.waits();
        var response = idempotencyKeys.execute(merchantId, caller.mode(), idempotencyKey, request,
                                               () -> RandomIds.next(InvoiceId.PREFIX), claim -> {
            InvoiceId invoiceId = InvoiceId.of(claim.resourceId());
            var command = request.toCommand(invoiceId, merchantId, caller.mode(), properties.getInvoices().getMaxAmount());
            if (claim.resumed()) {
                // The request that held this key died without an answer, perhaps after creating the invoice.
                Optional<InvoiceCreated> earlier = creations.findCreated(invoiceId);
                if (earlier.isPresent()) {
                    return new IdempotencyKeys.Response(201, toJson(InvoiceView.created(earlier.get())), false);
                }
            }
            InvoiceCreated created;
            try {
                created = waitForViews
                        ? readYourWrites.write(new FindInvoice(merchantId, invoiceId, caller.mode()),
                                               InvoiceView.class, view -> true,
                                               () -> commands.<InvoiceCreated>sendAndWait(command)).result()
                        : commands.<InvoiceCreated>sendAndWait(command);
            } catch (RuntimeException e) {
                // The request it took over was slow, not dead, and has just created the invoice: that is the answer.
                Optional<InvoiceCreated> meanwhile = claim.resumed() ? creations.findCreated(invoiceId)
                                                                     : Optional.empty();
                created = meanwhile.orElseThrow(() -> e);
            }
            return new IdempotencyKeys.Response(201, toJson(InvoiceView.created(created)), false);
        });
        var builder = IdempotencyKeys.httpAnswer(response, "/api/v1/invoices/", json);
        if (waitForViews) {
            builder.header("Preference-Applied", READ_YOUR_WRITES);
        }
        return builder.body(response.body());
    }

    @PostMapping("/{invoiceId}/cancel")
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_WRITE + "')")
    @Operation(summary = "Cancel an invoice", description = "Only while it is PENDING with no payment. "
            + "Cancelling a cancelled invoice again returns it unchanged.")
    public InvoiceView cancel(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String invoiceId) {
        MerchantId merchantId = caller.requireMerchant();
        if (!InvoiceId.isValid(invoiceId)) {
            throw DomainException.notFound("invoice " + invoiceId);
        }
        var query = new FindInvoice(merchantId, InvoiceId.of(invoiceId), caller.mode());
        Optional<InvoiceView> shown = readYourWrites.write(query, InvoiceView.class,
                view -> view.status() == InvoiceStatus.CANCELLED,
                () -> commands.sendAndWait(new CancelInvoice(query.invoiceId(), merchantId, caller.mode()))).view();
        return shown.or(() -> queries.query(query, ResponseTypes.optionalInstanceOf(InvoiceView.class)).join())
                    .orElseThrow(() -> DomainException.notFound("invoice " + invoiceId));
    }

    @PostMapping("/{invoiceId}/accept")
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_WRITE + "')")
    @Operation(summary = "Accept a late payment", description = "A payment that arrived after expiry, inside the "
            + "monitoring window, leaves the invoice PAID_LATE and is never settled on its own. Accepting settles it; "
            + "accepting again changes nothing.")
    public InvoiceView accept(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String invoiceId) {
        MerchantId merchantId = caller.requireMerchant();
        if (!InvoiceId.isValid(invoiceId)) {
            throw DomainException.notFound("invoice " + invoiceId);
        }
        var query = new FindInvoice(merchantId, InvoiceId.of(invoiceId), caller.mode());
        commands.sendAndWait(new AcceptLatePayment(query.invoiceId(), merchantId, caller.mode()));
        return queries.query(query, ResponseTypes.optionalInstanceOf(InvoiceView.class)).join()
                      .orElseThrow(() -> DomainException.notFound("invoice " + invoiceId));
    }

    private String toJson(InvoiceView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
