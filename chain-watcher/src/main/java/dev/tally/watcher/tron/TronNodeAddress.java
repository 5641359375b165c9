package dev.tally.watcher.tron;

import java.util.Objects;

/**
 * Where a Tron node serves its two gRPC services, parsed from an endpoint's url: {@code host:port} for the
 * {@code Wallet} service (head, blocks, transaction infos), optionally followed by {@code ?solidity=port} or
 * {@code ?solidity=host:port} for the {@code WalletSolidity} service (the solidified block). java-tron serves them on
 * two ports (50051 and 50061 by default; TronGrid: {@code grpc.trongrid.io:50051?solidity=50052}); without
 * {@code solidity} the same address is asked for both. gRPC is plaintext, as java-tron and TronGrid serve it;
 * {@code tls=true} is for providers that serve it over TLS. Parameters are joined by {@code &}.
 */
record TronNodeAddress(String full, String solidity, boolean tls) {

    TronNodeAddress {
        Objects.requireNonNull(full, "full");
        Objects.requireNonNull(solidity, "solidity");
    }

    TronNodeAddress(String full, String solidity) {
        this(full, solidity, false);
    }

    /** @throws IllegalArgumentException with what is wrong, when the url is not of that form */
    static TronNodeAddress parse(String url) {
        Objects.requireNonNull(url, "url");
        String text = url.trim();
        String solidity = null;
        boolean tls = false;
        int query = text.indexOf('?');
        if (query >= 0) {
            for (String parameter : text.substring(query + 1).split("&")) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : parameter.substring(equals + 1);
                if (name.equals("solidity") && !value.isEmpty()) {
                    solidity = value;
                } else if (name.equals("tls") && (value.equals("true") || value.equals("false"))) {
                    tls = Boolean.parseBoolean(value);
                } else {
                    throw new IllegalArgumentException("Tron node url " + url + ": unknown parameter '" + parameter
                                                       + "' (solidity=port, solidity=host:port, tls=true|false)");
                }
            }
            text = text.substring(0, query);
        }
        String full = hostAndPort(url, text);
        if (solidity == null) {
            return new TronNodeAddress(full, full, tls);
        }
        if (solidity.chars().allMatch(Character::isDigit)) {
            solidity = full.substring(0, full.lastIndexOf(':') + 1) + solidity;
        }
        return new TronNodeAddress(full, hostAndPort(url, solidity), tls);
    }

    private static String hostAndPort(String url, String address) {
        int colon = address.lastIndexOf(':');
        String port = colon < 0 ? "" : address.substring(colon + 1);
        if (colon <= 0 || address.contains("/") || port.isEmpty() || port.length() > 5
            || !port.chars().allMatch(Character::isDigit)
            || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
            throw new IllegalArgumentException("Tron node url " + url + ": expected host:port (gRPC, e.g. "
                                               + "grpc.trongrid.io:50051?solidity=50052), not '" + address + "'");
        }
        return address;
    }
}
