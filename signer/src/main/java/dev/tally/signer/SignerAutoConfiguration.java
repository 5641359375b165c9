package dev.tally.signer;

import java.time.Clock;

import dev.tally.kernel.money.Chain;

import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The signer as a library: on where {@code tally.signer.keystore} is set, in the launcher or deployed alone. It opens
 * the keystore at start-up (a wrong password stops start-up, saying so) and answers {@code SignTransfer} on the
 * command bus.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "tally.signer", name = "keystore")
@EnableConfigurationProperties(SignerProperties.class)
@Import(SigningAllowance.class)
public class SignerAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SignerAutoConfiguration.class);

    @Bean
    TransferSigner transferSigner(SignerProperties properties, ObjectProvider<Configuration> axon,
                                  EventStore eventStore, ObjectProvider<Clock> clock) {
        SignerSettings settings = SignerSettings.of(properties);
        TransferTransactions transactions = SignerModule.transactions(properties, settings);
        TransferSigner signer = new TransferSigner(() -> axon.getObject().repository(SigningAllowance.class),
                                                   new IntentBook(eventStore, transactions::hotWallet),
                                                   transactions, settings,
                                                   clock.getIfAvailable(Clock::systemUTC));
        for (Chain chain : Chain.values()) {
            log.info("Signer: the hot wallet on {} is {}; daily cap per merchant {} USDT", chain.code(),
                     signer.hotWallet(chain), settings.dailyCap(chain).toDecimalString());
        }
        return signer;
    }
}
