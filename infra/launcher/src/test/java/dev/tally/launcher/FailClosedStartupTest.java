package dev.tally.launcher;

import dev.tally.command.address.DepositKeysMissingException;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The launcher's dev profile generates development keys, but never for a real chain: with a node endpoint configured
 * and no xpub for that chain, Tally does not start, and says which property to set.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailClosedStartupTest {

    @Test
    void aRealChainWithoutAnXpubStopsStartUpWithTheSettingToFix(CapturedOutput output) {
        try (TestDatabase database = TestDatabase.create()) {
            assertThatThrownBy(() -> new SpringApplicationBuilder(TallyApplication.class).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + database.url(),
                    "--spring.datasource.username=" + database.user(),
                    "--spring.datasource.password=" + database.password(),
                    "--spring.datasource.hikari.maximum-pool-size=4",
                    "--tally.chains.tron.endpoints[0].url=127.0.0.1:1"))
                    .hasRootCauseInstanceOf(DepositKeysMissingException.class);
            assertThat(output).contains("tally.chains.tron.xpub must be set: tally.chains.tron watches a real tron node")
                              .contains("Set tally.chains.tron.xpub (or TALLY_CHAINS_TRON_XPUB)");
        }
    }
}
