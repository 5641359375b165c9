package dev.tally.platform.web.text;

import java.util.Locale;

/**
 * The one rule for text a client sends Tally to store: no control characters (U+0000–U+001F, U+007F; a free-text
 * field may hold tabs and line breaks) and no unpaired UTF-16 surrogates. PostgreSQL refuses NUL in text, and a
 * stored event that a projection cannot write would stop every merchant's read models that share its segment; the
 * others make logs, CSV exports and webhook bodies lie. Checked where requests are read, before anything is written.
 */
public final class TextHygiene {
    private TextHygiene() {
    }

    /** Why the text may not be stored, or null when it may. */
    public static String problem(String text, boolean freeText) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate at position " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate at position " + i;
            }
            boolean control = c < 0x20 || c == 0x7F;
            boolean allowed = freeText && (c == '\t' || c == '\n' || c == '\r');
            if (control && !allowed) {
                return "contains the control character U+" + String.format(Locale.ROOT, "%04X", (int) c)
                       + " at position " + i;
            }
        }
        return null;
    }
}
