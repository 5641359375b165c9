package dev.tally.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live invoices get the operator's wallet's own addresses, in order, whatever test invoices are created in between:
 * test invoices derive from a development key and take no index of the live wallet (wallets stop looking after a
 * gap of unused addresses). Ethereum is configured as a real chain here (its node is never reached).
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + LiveDepositAddressesTest.ADMIN_KEY,
                // The published BIP44 account m/44'/60'/0' of the "abandon … about" test mnemonic: its addresses are
                // known.
                "tally.chains.ethereum.xpub=xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt",
                "tally.chains.ethereum.endpoints[0].url=http://127.0.0.1:1"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class LiveDepositAddressesTest {
    static final String ADMIN_KEY = "tly_admin_live_addresses_0123456789abcdef";

    @LocalServerPort
    int port;

    @Test
    void liveEthereumInvoicesGetTheWalletsOwnAddressesInOrderAndTestInvoicesNone() {
        HttpApi api = new HttpApi(port);
        JsonNode merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Shop " + UUID.randomUUID() + "\"}")
                               .json();
        List<String> live = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            test.add(address(api, merchant.get("testApiKey").asText(), "t" + i));
            live.add(address(api, merchant.get("apiKey").asText(), "e" + i));
        }
        assertThat(live).containsExactly("0x9858EfFD232B4033E47d90003D41EC34EcaEda94",
                                         "0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0");
        assertThat(test).doesNotContainAnyElementsOf(live).doesNotHaveDuplicates();
    }

    private static String address(HttpApi api, String key, String orderId) {
        HttpApi.Answer created = api.post("/api/v1/invoices", key, HttpApi.json(Map.of("amount", "1", "asset", "USDT",
                                                                                       "chain", "ethereum",
                                                                                       "orderId", orderId)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("depositAddress").asText();
    }
}
