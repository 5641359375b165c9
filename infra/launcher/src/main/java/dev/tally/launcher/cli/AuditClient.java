package dev.tally.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The CLI's HTTP client for the audit API: errors become one clear line and an exit code. */
final class AuditClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String server;
    private final String apiKey;

    AuditClient(String server, String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new CliFailure(AuditCli.USAGE, "an API key is required: pass --api-key or set TALLY_API_KEY");
        }
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.apiKey = apiKey;
        try {
            URI.create(this.server + "/api/v1/audit");
        } catch (IllegalArgumentException e) {
            throw new CliFailure(AuditCli.USAGE, "not a valid server URL: " + server);
        }
    }

    JsonNode getJson(String path) {
        return json(send(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    JsonNode postJson(String path, String body) {
        return json(send(request(path).header("Content-Type", "application/json")
                                      .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                                                         : HttpRequest.BodyPublishers.ofString(body)),
                         HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** A streamed body (the caller closes it), after the status was checked. */
    InputStream stream(String path) {
        return send(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream()).body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server + path)).header("Authorization", "Bearer " + apiKey)
                          .header("Accept", "application/json, application/x-ndjson, text/csv, */*");
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request, HttpResponse.BodyHandler<InputStream> handler) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliFailure(AuditCli.UNREACHABLE, "cannot reach Tally at " + server
                    + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "): is it running? Set --server or TALLY_URL");
        } catch (IOException e) {
            throw new CliFailure(AuditCli.UNREACHABLE, "lost the connection to " + server + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(AuditCli.UNREACHABLE, "interrupted");
        }
        if (response.statusCode() >= 300) {
            throw failure(response);
        }
        return response;
    }

    private static CliFailure failure(HttpResponse<InputStream> response) {
        String detail;
        try (InputStream body = response.body()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode problem = text.isBlank() ? null : JSON.readTree(text);
            detail = problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText() : text;
            if (problem != null && problem.has("errors")) {
                StringBuilder fields = new StringBuilder(detail);
                problem.get("errors").forEach(e -> fields.append("; ").append(e.path("field").asText())
                                                         .append(": ").append(e.path("message").asText()));
                detail = fields.toString();
            }
        } catch (IOException e) {
            detail = "HTTP " + response.statusCode();
        }
        int status = response.statusCode();
        int exit = status == 404 ? AuditCli.FINDING : status >= 500 ? AuditCli.SERVER_ERROR : AuditCli.USAGE;
        String what = status == 404 ? "not found" : status == 401 ? "not authenticated"
                : status == 403 ? "not allowed" : status >= 500 ? "server error" : "refused";
        return new CliFailure(exit, what + " (HTTP " + status + "): " + detail);
    }

    private static JsonNode json(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CliFailure(AuditCli.SERVER_ERROR, "the server's answer is not JSON: " + e.getMessage());
        }
    }
}
