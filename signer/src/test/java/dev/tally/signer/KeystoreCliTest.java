package dev.tally.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import dev.tally.kernel.money.Chain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.MnemonicUtils;

class KeystoreCliTest {
    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void createsAKeystoreFromTheMnemonicOnStandardInputAndShowsTheHotWallets() {
        Path file = directory.resolve("signer.keystore");

        int status = run("create", file, KeyRingTest.TEST_MNEMONIC + "\n", Map.of("TALLY_SIGNER_PASSWORD", "pw"));

        assertThat(status).isZero();
        assertThat(SeedKeystore.open(file, "pw".toCharArray())).isEqualTo(KeyRingTest.SEED);
        KeyRing keys = new KeyRing(KeyRingTest.SEED);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("hot wallet on tron: " + KeyRing.address(Chain.TRON, keys.hotWallet(Chain.TRON)))
                .contains("hot wallet on ethereum: " + KeyRing.address(Chain.ETHEREUM, keys.hotWallet(Chain.ETHEREUM)))
                .contains("resource account on tron (stake TRX for energy from it): "
                          + KeyRing.address(Chain.TRON, keys.resourceAccount(Chain.TRON)))
                .doesNotContain("junk");
    }

    @Test
    void generatesAMnemonicAndShowsItOnce() {
        Path file = directory.resolve("signer.keystore");

        assertThat(run("generate", file, "", Map.of("TALLY_SIGNER_PASSWORD", "pw"))).isZero();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        String mnemonic = lines[1].trim();
        assertThat(mnemonic.split(" ")).hasSize(24);
        assertThat(SeedKeystore.open(file, "pw".toCharArray())).isEqualTo(MnemonicUtils.generateSeed(mnemonic, null));
        out.reset();
        assertThat(run("addresses", file, "", Map.of("TALLY_SIGNER_PASSWORD", "pw"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(mnemonic).contains("hot wallet on tron: T");
    }

    @Test
    void saysWhatIsWrongWithoutStackTraces() {
        Path file = directory.resolve("signer.keystore");

        assertThat(run("create", file, "not a mnemonic\n", Map.of())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("set TALLY_SIGNER_PASSWORD");
        assertThat(run("create", file, "not a mnemonic\n", Map.of("TALLY_SIGNER_PASSWORD", "pw"))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a BIP39 mnemonic");
        assertThat(run("addresses", file, "", Map.of("TALLY_SIGNER_PASSWORD", "pw"))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no readable keystore");
        assertThat(run("rotate", file, "", Map.of("TALLY_SIGNER_PASSWORD", "pw"))).isEqualTo(2);
        assertThat(file).doesNotExist();
    }

    private int run(String command, Path file, String stdin, Map<String, String> env) {
        return KeystoreCli.run(new String[]{KeystoreCli.COMMAND, command, file.toString()},
                               new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                               new PrintStream(out, true, StandardCharsets.UTF_8),
                               new PrintStream(err, true, StandardCharsets.UTF_8), env::get);
    }
}
