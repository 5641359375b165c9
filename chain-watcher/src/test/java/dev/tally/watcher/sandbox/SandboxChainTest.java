package dev.tally.watcher.sandbox;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.watcher.send.ChainSender.TokenBalance;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox chain's behaviour, on its store in memory ({@link JdbcSandboxChainTest}: the same in PostgreSQL). */
class SandboxChainTest {
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    /** A new, empty chain. */
    SandboxChain newChain(int finalityDepth) {
        return new SandboxChain(finalityDepth);
    }

    @Test
    void aSubmittedTransferLandsInTheNextBlockAndOnlyThere() {
        SandboxChain chain = newChain(6);
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
    void reorganisingOneTransactionAwayKeepsTheBlocksOtherTransfersAndRelinksTheChain() {
        SandboxChain chain = newChain(6);
        chain.produceBlock(T0);
        SandboxChain.Transfer gone = chain.submit(Chain.TRON, "TDepositA", TokenAmount.parse("5", Asset.USDT));
        SandboxChain.Transfer stays = chain.submit(Chain.TRON, "TDepositB", TokenAmount.parse("7", Asset.USDT));
        SandboxChain.Block holding = chain.produceBlock(T0.plusSeconds(3));
        SandboxChain.Block above = chain.produceBlock(T0.plusSeconds(6));

        assertThat(chain.reorgOut(gone.txHash())).isEqualTo(holding.number());

        SandboxChain.Block replaced = chain.blockAt(holding.number()).orElseThrow();
        assertThat(replaced.hash()).isNotEqualTo(holding.hash());
        assertThat(replaced.transfers()).containsExactly(stays);
        assertThat(replaced.time()).isEqualTo(holding.time());
        SandboxChain.Block newAbove = chain.blockAt(above.number()).orElseThrow();
        assertThat(newAbove.parentHash()).isEqualTo(replaced.hash());
        assertThat(chain.isIncluded(gone.txHash())).isFalse();
        assertThatThrownBy(() -> chain.reorgOut(gone.txHash())).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void aBlockFinalityDepthBelowTheHeadIsFinalAndCannotBeReorganised() {
        SandboxChain chain = newChain(2);
        SandboxChain.Transfer paid = chain.submit(Chain.TRON, "TDeposit", TokenAmount.parse("5", Asset.USDT));
        SandboxChain.Block holding = chain.produceBlock(T0);
        assertThat(chain.finalizedNumber()).hasValue(0);
        chain.produceBlock(T0.plusSeconds(3));
        chain.produceBlock(T0.plusSeconds(6));

        assertThat(chain.finalizedNumber()).hasValue(holding.number());
        assertThatThrownBy(() -> chain.reorgOut(paid.txHash())).isInstanceOf(IllegalStateException.class)
                                                                .hasMessageContaining("final");
    }

    /**
     * Prevents: a sweep taking money a reorg can still take, or counting a transfer that reverted, of another token,
     * or that a reorg dropped.
     */
    @Test
    void balancesCountTheTokensSuccessfulTransfersAndTheFinalBalanceOnlyFinalBlocks() {
        SandboxChain chain = newChain(2);
        chain.produceBlock(T0);
        chain.submit(Chain.TRON, "TDeposit", usdt("5"));
        chain.submit(Chain.TRON, SandboxChain.USDT_CONTRACT, "TDeposit", usdt("7"), false, null); // reverted
        chain.submit(Chain.TRON, SandboxController.FAKE_TOKEN_CONTRACT, "TDeposit", usdt("9"), true, null);
        chain.submit(Chain.ETHEREUM, "TDeposit", usdt("11")); // the same address on another chain
        chain.produceBlock(T0.plusSeconds(3)); // 2
        assertThat(chain.tokenBalance(Chain.TRON, "TDeposit")).isEqualTo(balance(0, 5_000_000));
        assertThat(chain.tokenBalance(Chain.ETHEREUM, "TDeposit")).isEqualTo(balance(0, 11_000_000));

        SandboxChain.Transfer later = chain.submit(Chain.TRON, "TDeposit", usdt("1"));
        chain.produceBlock(T0.plusSeconds(6)); // 3: block 1 final
        assertThat(chain.tokenBalance(Chain.TRON, "TDeposit")).isEqualTo(balance(0, 6_000_000));
        chain.produceBlock(T0.plusSeconds(9)); // 4: block 2 final
        assertThat(chain.tokenBalance(Chain.TRON, "TDeposit")).isEqualTo(balance(5_000_000, 6_000_000));

        chain.reorgOut(later.txHash()); // the 1.00 dropped before it was final
        assertThat(chain.tokenBalance(Chain.TRON, "TDeposit")).isEqualTo(balance(5_000_000, 5_000_000));
        chain.reorg(1, true); // the head replaced by a copy: nothing counted twice
        assertThat(chain.tokenBalance(Chain.TRON, "TDeposit")).isEqualTo(balance(5_000_000, 5_000_000));

        SandboxChain.Transfer sweep = new SandboxChain.Transfer(Chain.TRON, "ab".repeat(32), 0,
                                                                SandboxChain.USDT_CONTRACT, "TDeposit",
                                                                SandboxChain.HOT_WALLET, usdt("5"), true);
        assertThat(chain.sendOnce(sweep, null)).isTrue();
        chain.produceBlock(T0.plusSeconds(12)); // 5
        assertThat(chain.tokenBalance(Chain.TRON, "TDeposit")).isEqualTo(balance(5_000_000, 0));
        assertThat(chain.tokenBalance(Chain.TRON, SandboxChain.HOT_WALLET)).isEqualTo(balance(0, 5_000_000));
        chain.produceBlock(T0.plusSeconds(15));
        chain.produceBlock(T0.plusSeconds(18)); // 7: block 5 final
        assertThat(chain.tokenBalance(Chain.TRON, "TDeposit")).isEqualTo(balance(0, 0));
        assertThat(chain.tokenBalance(Chain.TRON, SandboxChain.HOT_WALLET)).isEqualTo(balance(5_000_000, 5_000_000));
        assertThat(chain.tokenBalance(Chain.TRON, "TNeverPaid")).isEqualTo(balance(0, 0));
    }

    private static TokenAmount usdt(String amount) {
        return TokenAmount.parse(amount, Asset.USDT);
    }

    private static TokenBalance balance(long finalized, long latest) {
        return new TokenBalance(BigInteger.valueOf(finalized), BigInteger.valueOf(latest));
    }

    @Test
    void blocksAreNumberedAndLinkedByTheirParentsHash() {
        SandboxChain chain = newChain(6);
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

    @Test
    void aReorgReplacesTheLastBlocksWithNewHashesLinkedToTheForkPoint() {
        SandboxChain chain = newChain(6);
        SandboxChain.Block fork = chain.produceBlock(T0);
        SandboxChain.Transfer transfer = chain.submit(Chain.TRON, "TDeposit", TokenAmount.parse("1", Asset.USDT));
        SandboxChain.Block second = chain.produceBlock(T0.plusSeconds(3));
        SandboxChain.Block third = chain.produceBlock(T0.plusSeconds(6));

        List<SandboxChain.Block> dropped = chain.reorg(2);
        assertThat(dropped).extracting(SandboxChain.Block::number).containsExactly(2L, 3L);
        assertThat(dropped.get(0).parentHash()).isEqualTo(fork.hash());
        assertThat(dropped.get(1).parentHash()).isEqualTo(dropped.get(0).hash());
        assertThat(dropped.get(0).hash()).isNotEqualTo(second.hash());
        assertThat(dropped.get(1).hash()).isNotEqualTo(third.hash());
        assertThat(dropped.get(0).transfers()).isEmpty();
        assertThat(chain.headNumber()).isEqualTo(3);
        assertThat(chain.block(2)).get().extracting(b -> b.hash()).isEqualTo(dropped.get(0).hash());

        List<SandboxChain.Block> reincluded = chain.reorg(1, true);
        assertThat(reincluded.get(0).parentHash()).isEqualTo(dropped.get(0).hash());
        assertThat(chain.blockAt(1)).contains(fork);
        assertThat(chain.block(4)).isEmpty();
        assertThat(transfer.succeeded()).isTrue();
        assertThatThrownBy(() -> chain.reorg(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReorgCanKeepTheTransfersInTheNewBlocks() {
        SandboxChain chain = newChain(6);
        chain.produceBlock(T0);
        SandboxChain.Transfer transfer = chain.submit(Chain.TRON, "TDeposit", TokenAmount.parse("1", Asset.USDT));
        SandboxChain.Block old = chain.produceBlock(T0.plusSeconds(3));

        SandboxChain.Block replacement = chain.reorg(1, true).get(0);
        assertThat(replacement.hash()).isNotEqualTo(old.hash());
        assertThat(replacement.transfers()).containsExactly(transfer);
        assertThat(chain.block(2)).get().satisfies(b -> {
            assertThat(b.hash()).isEqualTo(replacement.hash());
            assertThat(b.transfers()).singleElement().satisfies(t -> {
                assertThat(t.txHash()).isEqualTo(transfer.txHash());
                assertThat(t.tokenContract()).isEqualTo(SandboxChain.USDT_CONTRACT);
            });
        });
    }

    /** Prevents: a scanner paused past the kept window finding its next block gone, and waiting for it for ever. */
    @Test
    void blocksAScannerHasNotProcessedAreKeptHoweverFarBehindItIs() {
        SandboxChain chain = newChain(6);
        int produced = SandboxChain.BLOCKS_KEPT + 50;
        for (int i = 0; i < produced; i++) {
            chain.produceBlock(T0.plusSeconds(3L * i), 5);
        }
        assertThat(chain.blockAt(6)).isPresent();
        assertThat(chain.blockAt(1)).isPresent();

        chain.produceBlock(T0.plusSeconds(3L * produced), produced);
        assertThat(chain.blockAt(50)).isEmpty();
        assertThat(chain.blockAt(produced + 1 - SandboxChain.BLOCKS_KEPT + 1)).isPresent();
    }
}
