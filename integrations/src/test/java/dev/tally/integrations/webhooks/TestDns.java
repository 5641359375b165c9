package dev.tally.integrations.webhooks;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A DNS the test controls: names it was told resolve to the addresses given; everything else as the system does. */
@TestConfiguration(proxyBeanMethods = false)
public class TestDns {
    private static final Map<String, InetAddress[]> NAMES = new ConcurrentHashMap<>();

    public static void set(String name, String... addresses) {
        InetAddress[] resolved = new InetAddress[addresses.length];
        try {
            for (int i = 0; i < addresses.length; i++) {
                resolved[i] = InetAddress.getByName(addresses[i]);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        NAMES.put(name, resolved);
    }

    @Bean
    @Primary
    WebhookHostResolver testHostResolver() {
        return host -> {
            InetAddress[] addresses = NAMES.get(host);
            return addresses != null ? addresses.clone() : WebhookHostResolver.SYSTEM.resolve(host);
        };
    }
}
