package dev.tally.integrations.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.integrations.IntegrationEventType;
import dev.tally.kernel.access.ApiScope;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.FieldError;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The events API: the calling merchant's integration events in the order they were written, for
 * reconciliation and for catching up on missed webhooks. Kept as long as the event store.
 */
@RestController
@RequestMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Events")
@SecurityRequirement(name = "apiKey")
public class EventsController {
    static final int LIMIT_DEFAULT = 20;
    static final int LIMIT_MAX = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID_TYPES = Arrays.stream(IntegrationEventType.values())
            .map(IntegrationEventType::wireName).collect(Collectors.joining(", "));

    private final IntegrationEventLog log;

    public EventsController(IntegrationEventLog log) {
        this.log = log;
    }

    @GetMapping
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_READ + "')")
    @Operation(summary = "List integration events",
            description = "The merchant's events (invoice.*, payment.*, settlement.completed), oldest first, each "
                          + "exactly as webhooks and Kafka carry it. Pass nextCursor as 'after' for the next page; "
                          + "an empty page returns the cursor to poll from. Events are kept as long as the event "
                          + "store; de-duplicate by event id.")
    public EventPage list(@AuthenticationPrincipal TallyPrincipal caller,
                          @Parameter(description = "A nextCursor from an earlier page; absent: from the first event")
                          @RequestParam(required = false) String after,
                          @Parameter(description = "Only these types (wire names, repeated or comma-separated), "
                                                   + "e.g. invoice.paid")
                          @RequestParam(required = false) List<String> type,
                          @Parameter(description = "1 to 100, default 20")
                          @RequestParam(required = false) String limit) {
        var merchantId = caller.requireMerchant();
        List<FieldError> errors = new ArrayList<>();
        long afterSeq = 0;
        if (after != null) {
            afterSeq = EventsCursor.decode(after.strip()).orElseGet(() -> {
                errors.add(new FieldError("after", "is not a cursor this API returned"));
                return 0L;
            });
        }
        Set<String> types = types(type, errors);
        int parsedLimit = limit(limit, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }

        List<IntegrationEventLog.Row> rows = log.after(merchantId.value(), caller.mode(), afterSeq, types,
                                                       parsedLimit + 1);
        boolean hasMore = rows.size() > parsedLimit;
        List<IntegrationEventLog.Row> page = hasMore ? rows.subList(0, parsedLimit) : rows;
        long last = page.isEmpty() ? afterSeq : page.get(page.size() - 1).merchantSeq();
        return new EventPage(page.stream().map(row -> body(row.body())).toList(), EventsCursor.encode(last), hasMore);
    }

    private static Set<String> types(List<String> requested, List<FieldError> errors) {
        Set<String> types = new LinkedHashSet<>();
        if (requested == null) {
            return types;
        }
        for (String name : requested) {
            String wireName = name == null ? "" : name.strip();
            if (wireName.isEmpty()) {
                continue;
            }
            if (IntegrationEventType.fromWireName(wireName).isEmpty()) {
                errors.add(new FieldError("type", "unknown event type '" + abbreviate(wireName) + "'; valid types: "
                                                  + VALID_TYPES));
            } else {
                types.add(wireName);
            }
        }
        return types;
    }

    private static int limit(String text, List<FieldError> errors) {
        if (text == null) {
            return LIMIT_DEFAULT;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 1 || parsed > LIMIT_MAX) {
            errors.add(new FieldError("limit", "must be a whole number from 1 to " + LIMIT_MAX));
            return LIMIT_DEFAULT;
        }
        return parsed;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static JsonNode body(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an integration event body is not JSON", e);
        }
    }
}
