package dev.tally.integrations.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a receiver's host name to all of its addresses. The system resolver by default; pluggable so that tests
 * can make a name resolve to any address (a private one, or a different one at send time than at registration).
 */
@FunctionalInterface
public interface WebhookHostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;

    WebhookHostResolver SYSTEM = InetAddress::getAllByName;
}
