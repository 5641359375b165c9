package dev.tally.integrations.webhooks;

import dev.tally.kernel.mode.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSRF guard over address literals, names and URLs, with a resolver the test controls. */
class WebhookAddressGuardTest {
    private static final Map<String, String> DNS = Map.of(
            "public.example", "93.184.215.14",
            "private.example", "10.1.2.3",
            "mixed.example", "93.184.215.14,192.168.1.1",
            "metadata.example", "169.254.169.254",
            "v6private.example", "fd12:3456::1",
            "dev.example", "127.0.0.1");

    private static WebhookAddressGuard guard(boolean allowHttp, String... allowlist) {
        var properties = new WebhookProperties(true, allowHttp, List.of(allowlist), Duration.ofSeconds(10),
                                               Duration.ofDays(3), Duration.ofSeconds(5), Duration.ofHours(1),
                                               Duration.ofHours(24), 16, Duration.ofSeconds(1), 100, 8, 2,
                                               Duration.ofMinutes(1));
        return new WebhookAddressGuard(properties, host -> {
            String mapped = DNS.get(host);
            if (mapped == null) {
                return InetAddress.getAllByName(host); // literals only: tests have no DNS
            }
            String[] parts = mapped.split(",");
            InetAddress[] addresses = new InetAddress[parts.length];
            for (int i = 0; i < parts.length; i++) {
                addresses[i] = InetAddress.getByName(parts[i]);
            }
            return addresses;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // IPv4: loopback, unspecified, private, link-local, metadata, CGNAT, multicast, broadcast, reserved
            "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1",
            "172.31.255.255", "192.168.0.1", "169.254.0.1", "169.254.169.254", "100.64.0.1", "100.127.255.254",
            "100.100.100.200", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.0.170",
            "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1",
            // IPv6: loopback, unspecified, unique local, link-local, site-local, multicast, metadata
            "::1", "::", "fc00::1", "fd00::1", "fd00:ec2::254", "fe80::1", "febf::1", "fec0::1", "ff02::1",
            "ff05::1:3",
            // IPv6 forms of IPv4 addresses
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "::10.0.0.1",
            "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::a00:1", "64:ff9b:1::1", "2002:7f00:1::1",
            "2002:a9fe:a9fe::1", "2002:c0a8:101::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1",
            "100::1"})
    void refusesInternalAddressLiterals(String address) throws Exception {
        assertThat(WebhookAddressGuard.refusedBecause(InetAddress.getByName(address))).as(address).isPresent();
        String host = address.contains(":") ? "[" + address + "]" : address;
        assertThat(guard(false).refuseUrl("https://" + host + "/hook")).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "169.253.1.1",
                            "2606:4700:4700::1111", "2a00:1450:4001:82a::200e", "64:ff9b::808:808",
                            "::ffff:8.8.8.8", "2002:808:808::1"})
    void letsPublicAddressesThrough(String address) throws Exception {
        assertThat(WebhookAddressGuard.refusedBecause(InetAddress.getByName(address))).as(address).isEmpty();
    }

    @Test
    void refusesNamesThatResolveToAnyInternalAddress() {
        var guard = guard(false);
        assertThat(guard.refuseUrl("https://public.example/hook")).isEmpty();
        assertThat(guard.refuseUrl("https://private.example/hook")).get().asString()
                .contains("10.1.2.3").contains("private");
        assertThat(guard.refuseUrl("https://mixed.example/hook")).get().asString().contains("192.168.1.1");
        assertThat(guard.refuseUrl("https://metadata.example/hook")).get().asString().contains("metadata");
        assertThat(guard.refuseUrl("https://v6private.example/hook")).get().asString().contains("unique local");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "api.localhost", "metadata.google.internal",
                            "metadata.google.internal.", "metadata", "metadata.goog", "instance-data",
                            "anything.internal", "printer.local"})
    void refusesInternalNamesWithoutResolvingThem(String name) {
        assertThat(guard(false).refuseUrl("https://" + name + "/hook")).as(name).isPresent();
    }

    @Test
    void checksTheShapeOfTheUrl() {
        var guard = guard(false);
        assertThat(guard.refuseUrl(null)).contains("is required");
        assertThat(guard.refuseUrl("http://public.example/hook")).contains("must be an https URL");
        assertThat(guard.refuseUrl("ftp://public.example/hook")).contains("must be an https URL");
        assertThat(guard.refuseUrl("https://user:pw@public.example/hook")).contains("must not contain credentials");
        assertThat(guard.refuseUrl("https://public.example/hook#x")).contains("must not contain a fragment");
        assertThat(guard.refuseUrl("https:///hook")).isPresent();
        assertThat(guard.refuseUrl("not a url")).isPresent();
        assertThat(guard.refuseUrl("https://public.example/" + "a".repeat(2048))).get().asString()
                .contains("2048");
        assertThat(guard(true).refuseUrl("http://public.example/hook")).isEmpty();
    }

    @Test
    void theAllowlistLetsDevelopmentReceiversThroughByCidrOrName() throws Exception {
        assertThat(guard(true, "127.0.0.1/32").refuseUrl("http://127.0.0.1:8080/hook")).isEmpty();
        assertThat(guard(true, "127.0.0.1/32").refuseUrl("http://127.0.0.2:8080/hook")).isPresent();
        assertThat(guard(true, "127.0.0.0/8").refuseUrl("http://127.0.0.2:8080/hook")).isEmpty();
        assertThat(guard(true, "127.0.0.1/32").refuseUrl("http://dev.example/hook")).isEmpty();
        assertThat(guard(true, "10.0.0.0/8").refuseUrl("http://dev.example/hook")).isPresent();
        assertThat(guard(true, "dev.example").refuseUrl("http://dev.example/hook")).isEmpty();
        assertThat(guard(true, "::1").refuseUrl("http://[::1]:8080/hook")).isEmpty();
        assertThat(guard(true, "localhost").resolveChecked("localhost")).isNotEmpty();
        assertThatThrownBy(() -> guard(true, "127.0.0.1/32").resolveChecked("private.example"))
                .isInstanceOf(AddressRefusedException.class);
        assertThatThrownBy(() -> guard(true, "not a cidr/99")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Live endpoints never get the development allowances; test endpoints do. */
    @Test
    void theDevelopmentAllowancesAreForTestEndpointsOnly() throws Exception {
        var guard = guard(true, "127.0.0.0/8", "localhost");
        assertThat(guard.forMode(Mode.TEST).refuseUrl("http://127.0.0.1:8080/hook")).isEmpty();
        assertThat(guard.forMode(Mode.LIVE).refuseUrl("http://127.0.0.1:8080/hook")).contains("must be an https URL");
        assertThat(guard.forMode(Mode.LIVE).refuseUrl("https://127.0.0.1:8080/hook")).get().asString()
                .contains("loopback");
        assertThat(guard.forMode(Mode.LIVE).refuseUrl("http://public.example/hook")).contains("must be an https URL");
        assertThat(guard.forMode(Mode.LIVE).refuseUrl("https://public.example/hook")).isEmpty();
        assertThatThrownBy(() -> guard.forMode(Mode.LIVE).resolveChecked("localhost"))
                .isInstanceOf(AddressRefusedException.class);
        assertThat(guard.forMode(Mode.TEST).resolveChecked("localhost")).isNotEmpty();
    }
}
