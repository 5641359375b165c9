package dev.tally.platform.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

import java.io.IOException;

/** The IETF draft's {@code RateLimit-Limit/-Remaining/-Reset} headers, and the 429 problem with {@code Retry-After}. */
public final class RateLimitHeaders {
    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";

    private RateLimitHeaders() {
    }

    public static void set(HttpServletResponse response, RateLimiter.Outcome outcome) {
        response.setHeader(LIMIT, Long.toString(outcome.limit()));
        response.setHeader(REMAINING, Long.toString(outcome.remaining()));
        response.setHeader(RESET, Long.toString(outcome.resetSeconds()));
    }

    /** Answers 429 with the headers and a problem naming the tier. */
    public static void reject(HttpServletRequest request, HttpServletResponse response, ObjectMapper mapper,
                              RateLimiter.Outcome outcome, String what) throws IOException {
        set(response, outcome);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(outcome.retryAfterSeconds()));
        ProblemDetail problem = Problems.of(ErrorCode.RATE_LIMITED, "rate limit of " + outcome.limit()
                + " requests reached for " + what + "; retry in " + outcome.retryAfterSeconds() + " s");
        problem.setProperty("retryAfterSeconds", outcome.retryAfterSeconds());
        Problems.write(response, mapper, problem, request.getRequestURI());
    }
}
