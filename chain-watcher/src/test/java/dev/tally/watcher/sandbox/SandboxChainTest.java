package dev.tally.watcher.sandbox;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxChainTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void aSubmittedTransferLandsInTheNextBlockAndOnlyThere() {
        SandboxChain chain = new SandboxChain();
        chain.produceBlock(T0);
        SandboxChain.Transfer transfer = chain.submit(Chain.TRON, "TDeposit", TokenAmount.parse("12.50", Asset.USDT));
        SandboxChain.Block withTransfer = chain.produceBlock(T0.plusSeconds(3));
        SandboxChain.Block empty = chain.produceBlock(T0.plusSeconds(6));

        assertThat(withTransfer.transfers()).containsExactly(transfer);
        assertThat(empty.transfers()).isEmpty();
        assertThat(transfer.txHash()).matches("[0-9a-f]{64}");
        assertThat(transfer.to()).isEqualTo("TDeposit");
    }

    @Test
    void blocksAreNumberedAndLinkedByTheirParentsHash() {
        SandboxChain chain = new SandboxChain();
        SandboxChain.Block first = chain.produceBlock(T0);
        SandboxChain.Block second = chain.produceBlock(T0.plusSeconds(3));
        SandboxChain.Block third = chain.produceBlock(T0.plusSeconds(6));

        assertThat(first.number()).isEqualTo(1);
        assertThat(second.parentHash()).isEqualTo(first.hash());
        assertThat(third.parentHash()).isEqualTo(second.hash());
        assertThat(chain.headNumber()).isEqualTo(3);
        assertThat(chain.recentBlocks(2)).containsExactly(second, third);
        assertThat(chain.recentBlocks(10)).containsExactly(first, second, third);
    }
}
