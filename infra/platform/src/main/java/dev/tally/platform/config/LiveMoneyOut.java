package dev.tally.platform.config;

import java.util.Optional;

import dev.tally.kernel.money.Chain;

import org.springframework.core.env.Environment;

/**
 * Whether live payouts and refunds are paid, and on which chains: where a signer runs ({@code tally.money-out.live},
 * on by default where this process has the signer's keystore, {@code tally.signer.keystore}), on a real chain
 * ({@link RealChains}): every chain Tally watches has a live sender. The command side's requests and the watcher's sender read the same
 * rule here.
 */
public final class LiveMoneyOut {
    public static final String PROPERTY = "tally.money-out.live";

    private LiveMoneyOut() {
    }

    public static boolean enabled(Environment environment) {
        return environment.getProperty(PROPERTY, Boolean.class, environment.containsProperty("tally.signer.keystore"));
    }

    /** Why live money cannot go out on {@code chain} here, or empty when it can. */
    public static Optional<String> refusal(Environment environment, Chain chain, String what) {
        if (!enabled(environment)) {
            return Optional.of("live " + what + " need the signer, which this deployment does not run (" + PROPERTY
                               + "); test " + what + " (a tly_test_ key) are paid on the sandbox chain");
        }
        if (!RealChains.of(environment).containsKey(chain)) {
            return Optional.of("live " + what + " on " + chain.code() + " need its node (tally.chains." + chain.code()
                               + ".endpoints)");
        }
        return Optional.empty();
    }
}
