package dev.tally.platform.config;

import dev.tally.kernel.money.Chain;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.EnumMap;
import java.util.Map;

/**
 * The chains Tally watches for real: those a node endpoint is configured for ({@code tally.chains.<name>.endpoints},
 * the chain being {@code tally.chains.<name>.chain} or the entry's name). Only they take live invoices, and each must
 * have its xpub. The command side's keys and the start-up notice read the same rule here.
 */
public final class RealChains {
    private RealChains() {
    }

    /** Each real chain with the name of the entry that configures it. */
    public static Map<Chain, String> of(Environment environment) {
        Map<Chain, String> real = new EnumMap<>(Chain.class);
        Binder binder = Binder.get(environment);
        for (String entry : ConfiguredEntries.names(environment, "tally.chains", "endpoints"::equals)) {
            String code = binder.bind("tally.chains." + entry + ".chain", String.class).orElse(entry);
            Chain.fromCode(code).ifPresent(chain -> real.putIfAbsent(chain, entry));
        }
        return real;
    }
}
