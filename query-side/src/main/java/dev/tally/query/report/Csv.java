package dev.tally.query.report;

import java.util.List;

/** RFC 4180 text: CRLF line ends, a field quoted (quotes doubled) when it holds a comma, quote, CR or LF. */
final class Csv {
    private final StringBuilder text = new StringBuilder();

    Csv row(List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(field(fields.get(i)));
        }
        text.append("\r\n");
        return this;
    }

    static String field(Object value) {
        String s = value == null ? "" : value.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
