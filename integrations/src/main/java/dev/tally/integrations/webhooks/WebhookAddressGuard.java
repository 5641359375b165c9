package dev.tally.integrations.webhooks;

import dev.tally.kernel.mode.Mode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The SSRF guard: webhook receivers must be public hosts. Checked when an endpoint is registered or changed, and again
 * at every send, on the addresses the connection then uses (see {@link WebhookSender}): a name that resolved to a
 * public address at registration and to an internal one later (DNS rebinding) is refused at send time.
 *
 * <p>Refused: loopback, unspecified, private, link-local, CGNAT, multicast, broadcast, reserved and documentation
 * ranges, cloud metadata addresses and names, and the IPv6 forms that embed an IPv4 address (mapped, compatible,
 * NAT64, 6to4) when the embedded address is refused, Teredo, and every IPv6 address outside global unicast 2000::/3.
 * {@code tally.webhooks.allowlist} lets development receivers through (host names exactly, or CIDRs), and
 * {@code tally.webhooks.allow-http} plain http: both for test-mode endpoints only. A live endpoint is always checked
 * by the strict guard ({@link #forMode forMode(LIVE)}): https to a public host.
 */
@Component
public class WebhookAddressGuard {
    public static final int URL_LENGTH_MAX = 2048;
    private static final Set<String> METADATA_NAMES = Set.of(
            "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
            "metadata.azure.internal");

    private final WebhookProperties properties;
    private final WebhookHostResolver resolver;
    private final List<String> allowedHosts = new ArrayList<>();
    private final List<Cidr> allowedNetworks = new ArrayList<>();
    private final boolean allowHttp;
    private final WebhookAddressGuard strict;

    @Autowired
    public WebhookAddressGuard(WebhookProperties properties, WebhookHostResolver resolver) {
        this(properties, resolver, false);
    }

    private WebhookAddressGuard(WebhookProperties properties, WebhookHostResolver resolver, boolean strict) {
        this.properties = properties;
        this.resolver = resolver;
        this.allowHttp = !strict && properties.allowHttp();
        this.strict = strict ? this : new WebhookAddressGuard(properties, resolver, true);
        for (String entry : strict ? List.<String>of() : properties.allowlist()) {
            String trimmed = entry.strip().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.contains("/") || isIpLiteral(trimmed)) {
                allowedNetworks.add(Cidr.parse(trimmed));
            } else {
                allowedHosts.add(trimmed);
            }
        }
    }

    /** The guard an endpoint of {@code mode} is checked by: live endpoints never get the development allowances. */
    public WebhookAddressGuard forMode(Mode mode) {
        return mode.live() ? strict : this;
    }

    /** Checks an endpoint URL (scheme, shape, host and every address it resolves to); the reason if refused. */
    public Optional<String> refuseUrl(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("is required");
        }
        if (url.length() > URL_LENGTH_MAX) {
            return Optional.of("must be at most " + URL_LENGTH_MAX + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        Optional<String> refusedScheme = refuseScheme(uri.getScheme());
        if (refusedScheme.isPresent()) {
            return refusedScheme;
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            return Optional.of("must be an absolute URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain credentials");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not contain a fragment");
        }
        try {
            resolveChecked(host(uri));
            return Optional.empty();
        } catch (AddressRefusedException e) {
            return Optional.of("is not allowed: " + e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.of("has a host that does not resolve");
        }
    }

    /** Checks a URL's scheme (also at every send, where the address is checked by the resolver). */
    public Optional<String> refuseScheme(String scheme) {
        String lower = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("https") && !(lower.equals("http") && allowHttp)) {
            return Optional.of(allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        return Optional.empty();
    }

    /** The host of a URL as a resolver takes it (IPv6 literals without their brackets). */
    public static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Resolves a host to all its addresses and returns them if every one is allowed; refuses otherwise. */
    public InetAddress[] resolveChecked(String host) throws UnknownHostException {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        boolean hostAllowed = allowedHosts.contains(name);
        if (!hostAllowed) {
            Optional<String> refusedName = refusedName(name);
            if (refusedName.isPresent()) {
                throw new AddressRefusedException(host + " is " + refusedName.get());
            }
        }
        InetAddress[] addresses = resolver.resolve(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        if (hostAllowed) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = refusedBecause(address);
            if (refused.isPresent() && allowedNetworks.stream().noneMatch(n -> n.contains(address))) {
                throw new AddressRefusedException(host + " resolves to " + address.getHostAddress() + ", "
                                                  + refused.get());
            }
        }
        return addresses;
    }

    static Optional<String> refusedName(String name) {
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of("a loopback name");
        }
        if (METADATA_NAMES.contains(name)) {
            return Optional.of("a cloud metadata name");
        }
        if (name.endsWith(".internal") || name.endsWith(".local") || name.endsWith(".home.arpa")) {
            return Optional.of("a private-use name");
        }
        return Optional.empty();
    }

    /** Why an address may not receive webhooks, or empty if it is a public unicast address. */
    public static Optional<String> refusedBecause(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return refusedV4(b);
        }
        return refusedV6(b);
    }

    private static Optional<String> refusedV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 0) {
            return Optional.of("an unspecified address (0.0.0.0/8)");
        }
        if (a0 == 127) {
            return Optional.of("a loopback address (127.0.0.0/8)");
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of("a private address (RFC 1918)");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of(a2 == 169 && a3 == 254 ? "a cloud metadata address" : "a link-local address");
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of("a shared (CGNAT) address (100.64.0.0/10)");
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return Optional.of("an IETF protocol address (192.0.0.0/24)");
        }
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
            || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return Optional.of("a documentation address");
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return Optional.of("a benchmarking address (198.18.0.0/15)");
        }
        if ((a0 & 0xf0) == 224) {
            return Optional.of("a multicast address (224.0.0.0/4)");
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
            return Optional.of("the broadcast address");
        }
        if ((a0 & 0xf0) == 240) {
            return Optional.of("a reserved address (240.0.0.0/4)");
        }
        return Optional.empty();
    }

    private static Optional<String> refusedV6(byte[] b) {
        boolean first10Zero = allZero(b, 0, 10);
        if (allZero(b, 0, 16)) {
            return Optional.of("the unspecified address (::)");
        }
        if (allZero(b, 0, 15) && b[15] == 1) {
            return Optional.of("the loopback address (::1)");
        }
        if (first10Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return refusedV4(Arrays.copyOfRange(b, 12, 16)).map(r -> "IPv4-mapped " + r);
        }
        if (allZero(b, 0, 12)) {
            return Optional.of("an IPv4-compatible address (::/96, deprecated)");
        }
        if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && allZero(b, 4, 12)) {
            return refusedV4(Arrays.copyOfRange(b, 12, 16)).map(r -> "NAT64 (64:ff9b::/96) of " + r);
        }
        if (prefix(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {
            return Optional.of("a local-use NAT64 address (64:ff9b:1::/48)");
        }
        if (prefix(b, 0x20, 0x01, 0x0d, 0xb8)) {
            return Optional.of("a documentation address (2001:db8::/32)");
        }
        if (prefix(b, 0x20, 0x01, 0x00, 0x00)) {
            return Optional.of("a Teredo tunnel address (2001::/32)");
        }
        if (prefix(b, 0x20, 0x02)) {
            return refusedV4(Arrays.copyOfRange(b, 2, 6)).map(r -> "6to4 (2002::/16) of " + r);
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if ((b0 & 0xfe) == 0xfc) {
            boolean ec2Metadata = prefix(b, 0xfd, 0x00, 0x0e, 0xc2) && allZero(b, 4, 14) && b[14] == 0x02
                                  && (b[15] & 0xff) == 0x54;
            return Optional.of(ec2Metadata ? "a cloud metadata address" : "a unique local address (fc00::/7)");
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return Optional.of("a link-local address (fe80::/10)");
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return Optional.of("a site-local address (fec0::/10)");
        }
        if (b0 == 0xff) {
            return Optional.of("a multicast address (ff00::/8)");
        }
        if ((b0 & 0xe0) != 0x20) {
            return Optional.of("not a global unicast address (2000::/3)");
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean prefix(byte[] b, int... expected) {
        for (int i = 0; i < expected.length; i++) {
            if ((b[i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpLiteral(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    /** An allowlisted network. */
    record Cidr(byte[] network, int prefixLength) {
        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            byte[] network;
            try {
                if (!isIpLiteral(parts[0])) {
                    throw new UnknownHostException(parts[0]);
                }
                network = InetAddress.getByName(parts[0]).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("tally.webhooks.allowlist: not an address or CIDR: " + text);
            }
            int length = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (length < 0 || length > network.length * 8) {
                throw new IllegalArgumentException("tally.webhooks.allowlist: bad prefix length: " + text);
            }
            return new Cidr(network, length);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
