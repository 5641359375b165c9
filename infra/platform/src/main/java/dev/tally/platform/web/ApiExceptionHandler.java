package dev.tally.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.platform.axon.CommandErrorDetails;
import dev.tally.platform.axon.deadletter.TransientFailures;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import dev.tally.platform.web.text.TextHygieneModule;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every error leaves the API as {@code application/problem+json} with a stable {@code type} and a {@code detail} a
 * person can act on. Client mistakes are 4xx; a 500 means a bug on our side and carries only a reference for the
 * logs, never internals.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** What a 503 tells clients to wait before retrying. */
    static final long RETRY_AFTER_SECONDS = 5;

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e, HttpServletRequest request) {
        return respond(Problems.of(e.code(), e.getMessage()), request);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(ErrorCode.INVALID_REQUEST, e.getMessage());
        problem.setProperty("errors", e.errors());
        return respond(problem, request);
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> command(CommandExecutionException e, HttpServletRequest request) {
        var details = e.getDetails().filter(CommandErrorDetails.class::isInstance).map(CommandErrorDetails.class::cast);
        if (details.isPresent()) {
            return respond(Problems.of(details.get().code(), details.get().message()), request);
        }
        if (e.getCause() instanceof DomainException domain) {
            return domain(domain, request);
        }
        return unexpected(e, request);
    }

    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<ProblemDetail> concurrency(RuntimeException e, HttpServletRequest request) {
        return respond(Problems.of(ErrorCode.CONCURRENT_MODIFICATION,
                "the resource was changed by another request at the same time; retry"), request);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        return respond(Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, e.getMessage()), request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        return respond(Problems.of(ErrorCode.FORBIDDEN, "this API key may not perform this operation"), request);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e, HttpServletRequest request) {
        return ResponseEntity.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                             .contentType(Problems.PROBLEM_JSON)
                             .body(withInstance(Problems.of(ErrorCode.UNAUTHENTICATED, e.getMessage()), request));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return invalid(new InvalidRequestException(e.getName(), "has an invalid value"), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        Throwable root = rootCause(e);
        if (root instanceof PayloadTooLargeException tooLarge) {
            return tooLarge(tooLarge, request);
        }
        if (root instanceof DomainException domain) {
            return domain(domain, request);
        }
        if (TransientFailures.isTransient(e)) {
            // The database (or another part the request needs) is unreachable or overloaded: nothing was written
            // (the transaction rolled back); the client may retry the same request.
            log.warn("Service unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            return unavailable(request);
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected error [{}] on {} {}", reference, request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = Problems.of(ErrorCode.INTERNAL_ERROR,
                "an unexpected error occurred; quote reference " + reference + " when reporting it");
        problem.setProperty("reference", reference);
        return respond(problem, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable root = rootCause(e);
        if (root instanceof PayloadTooLargeException tooLarge) {
            return objectBody(Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
        }
        if (e.getCause() instanceof TextHygieneModule.UnstorableTextException unstorable) {
            FieldError error = new FieldError(path(unstorable), unstorable.reason());
            ProblemDetail problem = Problems.of(ErrorCode.INVALID_REQUEST, error.field() + ": " + error.message());
            problem.setProperty("errors", List.of(error));
            return objectBody(problem);
        }
        return objectBody(Problems.of(ErrorCode.MALFORMED_REQUEST, describeUnreadable(e)));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                                   .map(f -> new FieldError(f.getField(), f.getDefaultMessage()))
                                   .toList();
        ProblemDetail problem = Problems.of(ErrorCode.INVALID_REQUEST, errors.stream()
                .map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return objectBody(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> new FieldError(
                        r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList();
        ProblemDetail problem = Problems.of(ErrorCode.INVALID_REQUEST, errors.stream()
                .map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return objectBody(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers,
                                                                          HttpStatusCode status,
                                                                          WebRequest request) {
        ProblemDetail problem = Problems.of(ErrorCode.INVALID_REQUEST, e.getParameterName() + ": is required");
        problem.setProperty("errors", List.of(new FieldError(e.getParameterName(), "is required")));
        return objectBody(problem);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return invalid(new InvalidRequestException(e.getHeaderName(), "header is required"), request);
    }

    /** Spring's own errors (404 route, 405, 406, 415 …) get our type URIs and codes too. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            ErrorCode code = Problems.codeForStatus(statusCode.value());
            problem.setType(URI.create(code.typeUri()));
            problem.setTitle(code.title());
            problem.setProperty("code", code.slug());
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static String describeUnreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + path(unknown) + "'";
        }
        if (cause instanceof InvalidFormatException format) {
            return "field '" + path(format) + "' has an invalid value";
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String path = path(mismatch);
            return path.isEmpty() ? "request body has the wrong shape; expected a JSON object"
                                  : "field '" + path + "' has the wrong type";
        }
        if (cause instanceof JsonProcessingException) {
            return "request body is not valid JSON";
        }
        return "request body is missing or unreadable; expected a JSON object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable current = e;
        while (current.getCause() != null && current.getCause() != current) {
            if (current instanceof PayloadTooLargeException || current instanceof DomainException) {
                return current;
            }
            current = current.getCause();
        }
        return current;
    }

    private static ResponseEntity<Object> objectBody(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(Problems.PROBLEM_JSON).body(problem);
    }

    /** 503 with {@code Retry-After}: a part the request needs (the database) cannot be reached right now. */
    static ResponseEntity<ProblemDetail> unavailable(HttpServletRequest request) {
        ProblemDetail problem = Problems.of(ErrorCode.SERVICE_UNAVAILABLE,
                "Tally cannot reach its database right now; nothing was changed. Retry the same request (with the "
                + "same Idempotency-Key) after " + RETRY_AFTER_SECONDS + " seconds");
        problem.setProperty("retryAfterSeconds", RETRY_AFTER_SECONDS);
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
                             .contentType(Problems.PROBLEM_JSON).body(withInstance(problem, request));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpServletRequest request) {
        return ResponseEntity.status(problem.getStatus()).contentType(Problems.PROBLEM_JSON)
                             .body(withInstance(problem, request));
    }

    private static ProblemDetail withInstance(ProblemDetail problem, HttpServletRequest request) {
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }
}
