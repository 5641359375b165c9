package dev.tally.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.kernel.error.ErrorCode;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Tomcat's own error answers — requests it refuses before any of Tally's code runs (an encoded NUL or slash in the
 * path, a malformed request line) — as {@code application/problem+json} like every other error, never Tomcat's HTML
 * page (which also names the server). Errors Tally's code answers are already written and left alone.
 */
public class ProblemErrorReportValve extends ErrorReportValve {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ErrorCode code = Problems.codeForStatus(status);
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", code.typeUri());
        problem.put("title", code.title());
        problem.put("status", status);
        problem.put("detail", status == 400 ? "the request could not be read: its path, query or headers are "
                                              + "malformed (e.g. an encoded NUL or slash in the path)"
                                            : code.title());
        problem.put("code", code.slug());
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone; nothing more to say
        }
    }
}
