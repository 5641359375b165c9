package dev.tally.integrations.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of the events API. */
@Schema(description = "A page of the merchant's integration events, oldest first")
public record EventPage(
        @ArraySchema(schema = @Schema(type = "object", description = "An integration event: exactly the body a "
                + "webhook or Kafka record carries ({\"id\", \"type\", \"createdAt\", \"data\": {\"object\": …}})"))
        List<JsonNode> data,
        @Schema(description = "Pass as 'after' for the next page; present on an empty page too (poll from there)",
                example = "c2VxOjQy")
        String nextCursor,
        @Schema(description = "More events follow right away") boolean hasMore) {
}
