package dev.tally.platform.axon.deadletter;

import dev.tally.kernel.error.DomainException;
import dev.tally.platform.web.FieldError;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The operator's view of parked events: what is parked and why, a retry once the cause is fixed (the whole sequence,
 * in order, through the group's own handlers), and an eviction for an event that needs no handling.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
@Tag(name = "Operations")
@SecurityRequirement(name = "apiKey")
@PreAuthorize("hasRole('ADMIN')")
public class DeadLetterController {
    static final int LIMIT_MAX = 500;

    private final DeadLetters deadLetters;
    private final DeadLetterGroups groups;
    private final Clock clock;

    public DeadLetterController(DeadLetters deadLetters, DeadLetterGroups groups, Clock clock) {
        this.deadLetters = deadLetters;
        this.groups = groups;
        this.clock = clock;
    }

    public record DeadLetterPage(Map<String, Long> groups, List<DeadLetters.Letter> data) {
    }

    /**
     * {@code sequencesProcessed}: sequences whose letters all succeeded and left the queue; a sequence that failed
     * again (or that another node holds) stays, with its new cause.
     */
    public record RetryOutcome(String processingGroup, int sequencesProcessed, long deadLettersLeft) {
    }

    @GetMapping
    @Operation(summary = "Parked events", description = "Every processing group that parks failing events, with its "
            + "count, and the parked events (optionally of one group), by group, sequence and position.")
    public DeadLetterPage list(@RequestParam(required = false) String group,
                              @RequestParam(required = false, defaultValue = "100") int limit) {
        if (group != null) {
            requireGroup(group);
        }
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new InvalidRequestException(List.of(new FieldError("limit", "must be 1 to " + LIMIT_MAX)));
        }
        return new DeadLetterPage(deadLetters.groups(List.copyOf(groups.names())), deadLetters.list(group, limit));
    }

    @GetMapping("/{deadLetterId}")
    @Operation(summary = "One parked event, with its cause")
    public DeadLetters.Letter get(@PathVariable String deadLetterId) {
        return find(deadLetterId);
    }

    @PostMapping("/{deadLetterId}/retry")
    @Operation(summary = "Retry a parked event's sequence", description = "Its group's handlers process the whole "
            + "sequence again, first event first; what succeeds leaves the queue, what fails again stays with its new "
            + "cause (sequencesProcessed 0).")
    public RetryOutcome retry(@PathVariable String deadLetterId) {
        DeadLetters.Letter letter = find(deadLetterId);
        boolean processed = deadLetters.retrySequenceOf(letter);
        return new RetryOutcome(letter.processingGroup(), processed ? 1 : 0,
                                deadLetters.countsByGroup().getOrDefault(letter.processingGroup(), 0L));
    }

    @PostMapping("/retry")
    @Operation(summary = "Retry every parked sequence of a group", description = "At most 1000 sequences per call.")
    public RetryOutcome retryGroup(@RequestParam String group) {
        requireGroup(group);
        int processed = deadLetters.retryGroup(group, clock.instant(), 1000);
        return new RetryOutcome(group, processed, deadLetters.countsByGroup().getOrDefault(group, 0L));
    }

    @DeleteMapping("/{deadLetterId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Evict a parked event", description = "For good: its group will never handle it. The rest of "
            + "its sequence stays parked until retried.")
    public void evict(@PathVariable String deadLetterId) {
        DeadLetters.Letter letter = find(deadLetterId);
        if (!deadLetters.evict(letter)) {
            throw DomainException.notFound("dead letter " + deadLetterId);
        }
    }

    private DeadLetters.Letter find(String id) {
        if (id.length() > 255) {
            throw DomainException.notFound("dead letter");
        }
        return deadLetters.find(id).orElseThrow(() -> DomainException.notFound("dead letter " + id));
    }

    private void requireGroup(String group) {
        if (!groups.names().contains(group)) {
            throw new InvalidRequestException(List.of(new FieldError("group", "not a processing group that parks "
                                                                              + "events: " + groups.names())));
        }
    }
}
