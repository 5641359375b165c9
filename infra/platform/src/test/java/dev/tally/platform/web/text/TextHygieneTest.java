package dev.tally.platform.web.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextHygieneTest {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new TextHygieneModule());

    record Request(String orderId, @FreeText String description, Map<String, String> metadata) {
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesAreRefusedEverywhereButLineBreaksInFreeText() {
        assertThat(TextHygiene.problem("order-1042 ☕ 😀", false)).isNull();
        assertThat(TextHygiene.problem("a\u0000b", false)).contains("U+0000").contains("position 1");
        assertThat(TextHygiene.problem("a\u001Fb", true)).contains("U+001F");
        assertThat(TextHygiene.problem("a\u007Fb", true)).contains("U+007F");
        assertThat(TextHygiene.problem("a\nb", false)).contains("U+000A");
        assertThat(TextHygiene.problem("two\n\tlines\r\n", true)).isNull();
        assertThat(TextHygiene.problem("a\uD800b", false)).contains("unpaired surrogate");
        assertThat(TextHygiene.problem("\uDC00", true)).contains("unpaired surrogate");
        assertThat(TextHygiene.problem(null, false)).isNull();
    }

    @Test
    void theModuleNamesTheFieldAndKnowsFreeText() throws Exception {
        Request ok = mapper.readValue("{\"orderId\":\"o\",\"description\":\"a\\nb\",\"metadata\":{\"k\":\"v\"}}",
                                      Request.class);
        assertThat(ok.description()).isEqualTo("a\nb");

        assertThatThrownBy(() -> mapper.readValue("{\"orderId\":\"a\\u0000b\"}", Request.class))
                .isInstanceOfSatisfying(TextHygieneModule.UnstorableTextException.class, e -> {
                    assertThat(e.reason()).contains("U+0000");
                    assertThat(e.getPath()).extracting(ref -> ref.getFieldName()).containsExactly("orderId");
                });
        assertThatThrownBy(() -> mapper.readValue("{\"description\":\"a\\u0000\"}", Request.class))
                .isInstanceOf(TextHygieneModule.UnstorableTextException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"metadata\":{\"k\":\"\\u0007\"}}", Request.class))
                .isInstanceOfSatisfying(TextHygieneModule.UnstorableTextException.class,
                        e -> assertThat(e.getPath()).extracting(ref -> ref.getFieldName())
                                                    .containsExactly("metadata", "k"));
        assertThatThrownBy(() -> mapper.readValue("{\"metadata\":{\"k\\u0000\":\"v\"}}", Request.class))
                .isInstanceOf(TextHygieneModule.UnstorableTextException.class);
    }
}
