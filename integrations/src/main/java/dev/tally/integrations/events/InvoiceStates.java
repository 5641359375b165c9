package dev.tally.integrations.events;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The per-invoice state of each integration-event processing group ({@code integration.invoice_states}): one row
 * per (group, invoice), the state as JSON. Each group keeps its own rows, so two processors never wait for each other
 * and each one's state commits with its own token.
 */
@Component
public class InvoiceStates {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);

    private final JdbcTemplate jdbc;

    public InvoiceStates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<InvoiceState> find(String processingGroup, String invoiceId) {
        List<String> rows = jdbc.queryForList("SELECT state FROM integration.invoice_states "
                                              + "WHERE processing_group = ? AND invoice_id = ?",
                                              String.class, processingGroup, invoiceId);
        return rows.stream().findFirst().map(InvoiceStates::read);
    }

    public void saveAll(String processingGroup, Collection<InvoiceState> states) {
        if (states.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO integration.invoice_states (processing_group, invoice_id, merchant_id, state) "
                         + "VALUES (?, ?, ?, ?) ON CONFLICT (processing_group, invoice_id) "
                         + "DO UPDATE SET merchant_id = EXCLUDED.merchant_id, state = EXCLUDED.state",
                         states.stream().map(s -> new Object[]{processingGroup, s.invoiceId, s.merchantId, write(s)})
                               .toList());
    }

    public void deleteAll(String processingGroup) {
        jdbc.update("DELETE FROM integration.invoice_states WHERE processing_group = ?", processingGroup);
    }

    static String write(InvoiceState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the state of invoice " + state.invoiceId, e);
        }
    }

    static InvoiceState read(String json) {
        try {
            return JSON.readValue(json, InvoiceState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read an invoice state: " + e.getOriginalMessage(), e);
        }
    }
}
