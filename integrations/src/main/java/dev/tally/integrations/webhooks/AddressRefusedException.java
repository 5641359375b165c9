package dev.tally.integrations.webhooks;

import java.net.UnknownHostException;

/**
 * The SSRF guard refused a receiver's address. An {@link UnknownHostException} because that is what a DNS resolver
 * may throw inside the HTTP client's connect: the connection is never opened.
 */
public class AddressRefusedException extends UnknownHostException {
    public AddressRefusedException(String message) {
        super(message);
    }
}
