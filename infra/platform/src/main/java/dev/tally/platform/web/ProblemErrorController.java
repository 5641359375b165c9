package dev.tally.platform.web;

import dev.tally.kernel.error.ErrorCode;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Errors raised outside Spring MVC's handlers — a request the security firewall rejects (an encoded percent sign or
 * NUL in the path), a {@code sendError} from a filter — are forwarded to {@code /error}; this answers them as
 * {@code application/problem+json} like every other error, instead of Spring Boot's plain JSON.
 */
@RestController
@Hidden
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Called directly (no error being forwarded), it is just a path that serves nothing.
        int code = status instanceof Integer value ? value : 404;
        ErrorCode errorCode = Problems.codeForStatus(code);
        ProblemDetail problem = Problems.of(errorCode, code == 400
                ? "the request could not be read: its path, query or headers are malformed"
                : errorCode.title());
        problem.setStatus(code);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException e) {
                // a path that is not a URI is not worth echoing
            }
        }
        return ResponseEntity.status(code).contentType(Problems.PROBLEM_JSON).body(problem);
    }
}
