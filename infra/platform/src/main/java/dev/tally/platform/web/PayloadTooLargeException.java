package dev.tally.platform.web;

/** The request body exceeds {@code tally.http.max-body-bytes}. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(long limitBytes) {
        super("request body exceeds the limit of " + limitBytes + " bytes");
    }
}
