package dev.tally.launcher.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.TestDatabase;
import dev.tally.signer.SeedKeystore;
import dev.tally.signer.SignerKeystoreException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The signer inside the launcher opens its keystore at start-up: with the wrong password Tally does not start, and
 * says why. (The launcher with a working signer: {@code LiveMoneyOutOnAnvilTest}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class SignerStartupTest {
    private static final String MNEMONIC = "test test test test test test test test test test test junk";

    @TempDir
    Path directory;

    @Test
    void aWrongPasswordStopsStartUpSayingSo(CapturedOutput output) {
        Path keystore = directory.resolve("signer.keystore");
        SeedKeystore.create(keystore, MNEMONIC, "launcher".toCharArray());
        try (TestDatabase database = TestDatabase.create()) {
            assertThatThrownBy(() -> start(database, keystore, "not the password").close())
                    .satisfies(e -> assertThat(causes(e)).anySatisfy(cause -> assertThat(cause)
                            .isInstanceOf(SignerKeystoreException.class)
                            .hasMessageContaining("the password does not open the keystore")));
            assertThat(output).contains("give the keystore's password in TALLY_SIGNER_PASSWORD");
        }
    }

    private static ConfigurableApplicationContext start(TestDatabase database, Path keystore, String password) {
        return new SpringApplicationBuilder(TallyApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--tally.signer.keystore=" + keystore,
                "--tally.signer.password=" + password);
    }

    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> causes = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !causes.contains(t); t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }
}
