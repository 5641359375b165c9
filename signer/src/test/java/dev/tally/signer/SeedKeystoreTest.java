package dev.tally.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.MnemonicUtils;

class SeedKeystoreTest {
    static final String MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                                   + "abandon about";

    @TempDir
    Path directory;

    @Test
    void opensToTheSeedOfTheMnemonicItHolds() {
        Path file = directory.resolve("signer.keystore");
        SeedKeystore.create(file, MNEMONIC, "correct horse".toCharArray());

        assertThat(SeedKeystore.open(file, "correct horse".toCharArray()))
                .isEqualTo(MnemonicUtils.generateSeed(MNEMONIC, null));
    }

    @Test
    void theFileDoesNotShowTheMnemonic() throws Exception {
        Path file = directory.resolve("signer.keystore");
        SeedKeystore.create(file, MNEMONIC, "correct horse".toCharArray());

        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("abandon");
    }

    @Test
    void aWrongPasswordSaysSo() {
        Path file = directory.resolve("signer.keystore");
        SeedKeystore.create(file, MNEMONIC, "correct horse".toCharArray());

        assertThatThrownBy(() -> SeedKeystore.open(file, "battery staple".toCharArray()))
                .isInstanceOf(SignerKeystoreException.class).hasMessageContaining("password does not open");
    }

    @Test
    void noPasswordOrNoFileSaysWhatIsMissing() {
        Path file = directory.resolve("signer.keystore");
        assertThatThrownBy(() -> SeedKeystore.open(file, "x".toCharArray()))
                .isInstanceOf(SignerKeystoreException.class).hasMessageContaining("no readable keystore");
        SeedKeystore.create(file, MNEMONIC, "correct horse".toCharArray());
        assertThatThrownBy(() -> SeedKeystore.open(file, new char[0]))
                .isInstanceOf(SignerKeystoreException.class).hasMessageContaining("TALLY_SIGNER_PASSWORD");
    }

    @Test
    void neverWritesOverAKeystore() {
        Path file = directory.resolve("signer.keystore");
        SeedKeystore.create(file, MNEMONIC, "correct horse".toCharArray());

        assertThatThrownBy(() -> SeedKeystore.create(file, MNEMONIC, "other".toCharArray()))
                .isInstanceOf(SignerKeystoreException.class).hasMessageContaining("exists already");
        assertThat(SeedKeystore.open(file, "correct horse".toCharArray()))
                .isEqualTo(MnemonicUtils.generateSeed(MNEMONIC, null));
    }

    @Test
    void refusesWordsThatAreNoMnemonicWithoutRepeatingThem() {
        String wrongChecksum = MNEMONIC.replace("about", "abandon");
        assertThatThrownBy(() -> SeedKeystore.create(directory.resolve("a.p12"), wrongChecksum, "pw".toCharArray()))
                .isInstanceOf(SignerKeystoreException.class).hasMessageContaining("not a BIP39 mnemonic")
                .hasMessageNotContaining("abandon");
        assertThat(directory.resolve("a.p12")).doesNotExist();
    }

    @Test
    void anAlteredFileIsRefusedNotMisread() throws Exception {
        Path file = directory.resolve("signer.keystore");
        SeedKeystore.create(file, MNEMONIC, "correct horse".toCharArray());
        String document = Files.readString(file);
        String lowered = document.replace("\"n\" : 32768", "\"n\" : 16384");
        assertThat(lowered).isNotEqualTo(document);
        Files.writeString(file, lowered);

        assertThatThrownBy(() -> SeedKeystore.open(file, "correct horse".toCharArray()))
                .isInstanceOf(SignerKeystoreException.class).hasMessageContaining("or the file was altered");
    }

    @Test
    void opensTheSameWhateverSecurityProvidersOtherLibrariesRegisterFirst() {
        Path file = directory.resolve("signer.keystore");
        SeedKeystore.create(file, MNEMONIC, "correct horse".toCharArray());
        java.security.Security.insertProviderAt(new org.bouncycastle.jce.provider.BouncyCastleProvider(), 1);
        try {
            assertThat(SeedKeystore.open(file, "correct horse".toCharArray()))
                    .isEqualTo(MnemonicUtils.generateSeed(MNEMONIC, null));
        } finally {
            java.security.Security.removeProvider("BC");
        }
    }
}
