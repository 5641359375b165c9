package dev.tally.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.kernel.money.Chain;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class LiveMoneyOutTest {

    @Test
    void liveMoneyGoesOutWhereTheSignerRunsOnAWatchedChainWithASender() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("tally.signer.keystore", "/etc/tally/signer.keystore")
                .withProperty("tally.chains.ethereum.endpoints[0].url", "http://127.0.0.1:8545")
                .withProperty("tally.chains.tron.endpoints[0].url", "127.0.0.1:50051");

        assertThat(LiveMoneyOut.enabled(environment)).isTrue();
        assertThat(LiveMoneyOut.refusal(environment, Chain.ETHEREUM, "payouts")).isEmpty();
        assertThat(LiveMoneyOut.refusal(environment, Chain.TRON, "payouts")).isEmpty();
    }

    @Test
    void withoutTheSignerOrTheChainsNodeItIsRefusedSayingWhy() {
        MockEnvironment noSigner = new MockEnvironment()
                .withProperty("tally.chains.ethereum.endpoints[0].url", "http://127.0.0.1:8545");
        MockEnvironment noNode = new MockEnvironment()
                .withProperty("tally.signer.keystore", "/etc/tally/signer.keystore");
        MockEnvironment switchedOff = new MockEnvironment()
                .withProperty("tally.signer.keystore", "/etc/tally/signer.keystore")
                .withProperty("tally.money-out.live", "false")
                .withProperty("tally.chains.ethereum.endpoints[0].url", "http://127.0.0.1:8545");
        MockEnvironment signerElsewhere = new MockEnvironment()
                .withProperty("tally.money-out.live", "true")
                .withProperty("tally.chains.ethereum.endpoints[0].url", "http://127.0.0.1:8545");

        assertThat(LiveMoneyOut.refusal(noSigner, Chain.ETHEREUM, "refunds")).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("live refunds need the signer"));
        assertThat(LiveMoneyOut.refusal(noNode, Chain.ETHEREUM, "refunds"))
                .contains("live refunds on ethereum need its node (tally.chains.ethereum.endpoints)");
        assertThat(LiveMoneyOut.refusal(switchedOff, Chain.ETHEREUM, "refunds")).isPresent();
        assertThat(LiveMoneyOut.refusal(signerElsewhere, Chain.ETHEREUM, "refunds")).isEmpty();
    }
}
