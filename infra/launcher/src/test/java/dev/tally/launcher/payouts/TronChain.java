package dev.tally.launcher.payouts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;


import dev.tally.command.address.ExtendedPrivateKey;
import dev.tally.kernel.money.Chain;
import dev.tally.signer.SeedKeystore;
import dev.tally.signer.SignerModule;
import dev.tally.signer.SignerProperties;
import dev.tally.watcher.tron.TronTestNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.web3j.crypto.MnemonicUtils;

/**
 * A launcher test's Tron: the in-process node, its blocks' clock, and the signer's keystore of a wallet's mnemonic,
 * whose hot wallet and resource account the test funds and stakes. Blocks are mined on the node's clock: the wall
 * clock, never behind the last block (blocks ahead of it would wait for it in the scanner, which reads no block
 * before the watched addresses cover its time).
 */
final class TronChain implements MinedChain, AutoCloseable {
    static final String PASSWORD = "tron-test";

    final TronTestNode node = TronTestNode.start();
    private final AtomicReference<Instant> blockTime = new AtomicReference<>(Instant.now());
    private final String mnemonic;
    private final Path keystore;
    private final String hotWallet;
    private final String resourceAccount;

    TronChain(String mnemonic) {
        this.mnemonic = mnemonic;
        try {
            keystore = Files.createTempDirectory("tally-live-tron").resolve("signer.keystore");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SeedKeystore.create(keystore, mnemonic, PASSWORD.toCharArray());
        SignerProperties properties = new SignerProperties();
        properties.setKeystore(keystore);
        properties.setPassword(PASSWORD);
        hotWallet = SignerModule.hotWallets(properties).get(Chain.TRON);
        resourceAccount = SignerModule.resourceAccounts(properties).get(Chain.TRON);
    }

    /** The launcher's settings for this chain: the node, the wallet's xpub, the signer's keystore. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("tally.chains.tron.endpoints[0].url", node::url);
        registry.add("tally.chains.tron.xpub", () -> ExtendedPrivateKey.fromSeed(
                MnemonicUtils.generateSeed(mnemonic, null)).derivePath("m/44'/195'/0'").publicKey().serialize());
        registry.add("tally.signer.keystore", keystore::toString);
    }

    String hotWallet() {
        return hotWallet;
    }

    String resourceAccount() {
        return resourceAccount;
    }

    /** The node's next block time: now, or just after the last block's when that is ahead. */
    Instant nextBlockTime() {
        return blockTime.updateAndGet(t -> {
            Instant now = Instant.now();
            return now.isAfter(t) ? now : t.plusMillis(1);
        });
    }

    /** Moves the node's clock ahead: the next blocks are that much later. */
    void later(Duration by) {
        blockTime.updateAndGet(t -> t.plus(by));
    }

    /** A block at the node's next time, all but the newest solidified. */
    @Override
    public void mine() {
        node.solidify(node.mine(nextBlockTime()) - 1);
    }

    @Override
    public void close() {
        node.close();
    }
}
