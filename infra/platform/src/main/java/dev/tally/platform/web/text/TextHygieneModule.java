package dev.tally.platform.web.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * Applies {@link TextHygiene} to every string (and map key) of every JSON request body the web layer reads, so no
 * endpoint can forget it: a violation is an {@link UnstorableTextException} naming the field, answered as a 400.
 */
public class TextHygieneModule extends SimpleModule {

    public TextHygieneModule() {
        super("tally-text-hygiene");
        addDeserializer(String.class, new CheckedString(false));
        addKeyDeserializer(String.class, new CheckedKey());
    }

    /** A string that breaks the text rule, with the JSON path of the field that holds it. */
    public static final class UnstorableTextException extends JsonMappingException {
        private final String reason;

        UnstorableTextException(JsonParser parser, String reason) {
            super(parser, reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    static final class CheckedString extends StdScalarDeserializer<String> implements ContextualDeserializer {
        private final boolean freeText;

        CheckedString(boolean freeText) {
            super(String.class);
            this.freeText = freeText;
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            String problem = TextHygiene.problem(value, freeText);
            if (problem != null) {
                throw new UnstorableTextException(parser, problem);
            }
            return value;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            boolean free = property != null && property.getAnnotation(FreeText.class) != null;
            return free == freeText ? this : new CheckedString(free);
        }
    }

    static final class CheckedKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            String problem = TextHygiene.problem(key, false);
            if (problem != null) {
                throw new UnstorableTextException(context.getParser(), "a key " + problem);
            }
            return key;
        }
    }
}
