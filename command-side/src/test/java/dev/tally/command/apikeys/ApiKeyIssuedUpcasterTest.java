package dev.tally.command.apikeys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tally.kernel.access.ApiKeyRules;
import dev.tally.kernel.merchant.ApiKeyIssued;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored revision-1 {@link ApiKeyIssued} (as the walking skeleton wrote it) reads as revision 2 with a name. */
class ApiKeyIssuedUpcasterTest {
    private static final String REVISION_1_PAYLOAD = """
            {"merchantId":"mer_4kT9xQ2mLp7vRz8w","apiKeyId":"key_7Hs2Kd9QwE4rTy6u","prefix":"tly_live_AbCdEfG",
             "secretHash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
             "scopes":["invoices:read","invoices:write"],"issuedAt":"2025-03-14T09:26:53.589793Z"}""";

    @Test
    void revisionOneGetsTheFirstKeysName() {
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())).build();
        var entry = new GenericDomainEventEntry<>("Merchant", "mer_4kT9xQ2mLp7vRz8w", 1, "event-1",
                "2025-03-14T09:26:53.589793Z", ApiKeyIssued.class.getTypeName(), "1", REVISION_1_PAYLOAD, "{}");
        IntermediateEventRepresentation stored = new InitialEventRepresentation(entry, serializer);

        List<IntermediateEventRepresentation> upcast = new ApiKeyIssuedUpcaster().upcast(Stream.of(stored)).toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        SerializedObject<String> data = upcast.get(0).getData(String.class);
        ApiKeyIssued event = serializer.deserialize(data);
        assertThat(event.name()).isEqualTo(ApiKeyRules.FIRST_KEY_NAME);
        assertThat(event.scopes()).containsExactly("invoices:read", "invoices:write");
    }
}
