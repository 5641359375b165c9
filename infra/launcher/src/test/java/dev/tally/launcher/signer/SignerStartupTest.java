package dev.tally.launcher.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.signing.SignTransfer;
import dev.tally.kernel.signing.SigningOutcome;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.kernel.signing.TransferIntent;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.TestDatabase;
import dev.tally.signer.SeedKeystore;
import dev.tally.signer.SignerKeystoreException;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The signer inside the launcher: with a keystore configured it opens it at start-up, names the hot wallets, and
 * answers {@code SignTransfer} on the command bus with its refusal kept in the event store; with the wrong password
 * Tally does not start, and says why.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignerStartupTest {
    private static final String MNEMONIC = "test test test test test test test test test test test junk";

    @TempDir
    Path directory;

    @Test
    void answersOnTheCommandBusAndKeepsItsRefusalsAsEvents(CapturedOutput output) {
        Path keystore = directory.resolve("signer.keystore");
        SeedKeystore.create(keystore, MNEMONIC, "launcher".toCharArray());
        try (TestDatabase database = TestDatabase.create();
             ConfigurableApplicationContext tally = start(database, keystore, "launcher")) {
            SigningOutcome outcome = tally.getBean(CommandGateway.class).sendAndWait(new SignTransfer(
                    new TransferIntent(TransferIntent.Kind.REFUND, "rf_neverrequested1", 1), Chain.TRON,
                    new TransferDraft.Tron("00")));

            assertThat(outcome.refusedBecause()).isEqualTo("no refund rf_neverrequested1 in the event history");
            assertThat(tally.getBean(JdbcTemplate.class).queryForList(
                    "SELECT payload_type FROM eventstore.domain_event_entry WHERE aggregate_identifier LIKE "
                    + "'unknown/tron/%'", String.class))
                    .containsExactly("dev.tally.kernel.signing.TransferSigningRefused");
            assertThat(output).contains("Signer: the hot wallet on tron is T")
                              .contains("Signer: the hot wallet on ethereum is 0x");
        }
    }

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
