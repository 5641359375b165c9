package dev.tally.query.page;

/** Escaping for text and attribute values in the pages Tally renders itself. */
final class Html {
    private Html() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The common frame of every page: own stylesheet and scripts only (the CSP forbids anything else). */
    static String page(String title, String bodyClass, String body, String script) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
               + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
               + "<title>" + escape(title) + "</title>"
               + "<link rel=\"stylesheet\" href=\"/assets/tally/tally.css\">"
               + (script == null ? "" : "<script src=\"/assets/tally/" + script + "\" defer></script>")
               + "</head><body class=\"" + bodyClass + "\">" + body + "</body></html>";
    }
}
