package dev.tally.kernel.money;

/** A client-supplied amount that is not a valid amount of the asset; the message is fit for the client. */
public class InvalidAmountException extends IllegalArgumentException {
    public InvalidAmountException(String message) {
        super(message);
    }
}
