package dev.tally.integrations.webhooks;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Typed ids of the webhooks API: {@code we_…} endpoints, {@code wd_…} deliveries, {@code evt_…} test events. */
final class WebhookIds {
    static final String ENDPOINT = "we_";
    static final String DELIVERY = "wd_";
    static final String TEST_EVENT = "evt_test";
    private static final Pattern BODY = Pattern.compile("[0-9A-Za-z]{8,64}");
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookIds() {
    }

    static String generate(String prefix) {
        char[] body = new char[24];
        for (int i = 0; i < body.length; i++) {
            body[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return prefix + new String(body);
    }

    static boolean isValid(String prefix, String value) {
        return value != null && value.startsWith(prefix) && BODY.matcher(value.substring(prefix.length())).matches();
    }
}
