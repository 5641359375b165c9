package dev.tally.command;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;

/** Settings of the command side. A setting that makes no sense stops the start, saying which. */
@ConfigurationProperties("tally")
public class CommandSideProperties implements InitializingBean {
    private final Invoices invoices = new Invoices();
    private final Chains chains = new Chains();
    private final Idempotency idempotency = new Idempotency();
    private final Payouts payouts = new Payouts();
    private final Refunds refunds = new Refunds();

    public Payouts getPayouts() {
        return payouts;
    }

    @Override
    public void afterPropertiesSet() {
        payouts.validate();
    }

    public Refunds getRefunds() {
        return refunds;
    }

    /** Refunds to customers. */
    public static class Refunds {
        /** How long a claim link takes an address; unclaimed by then, the refund is cancelled and its money held no more. */
        private Duration claimExpiry = Duration.ofDays(7);

        public Duration getClaimExpiry() {
            return claimExpiry;
        }

        public void setClaimExpiry(Duration claimExpiry) {
            if (claimExpiry == null || claimExpiry.isNegative() || claimExpiry.isZero()) {
                throw new IllegalArgumentException("tally.refunds.claim-expiry must be positive");
            }
            this.claimExpiry = claimExpiry;
        }
    }

    /** Money out. */
    public static class Payouts {
        /**
         * How long after a change a new payout address takes effect (a merchant's first address takes effect at
         * once): a stolen API key cannot redirect money before the merchant hears of it.
         */
        private Duration addressChangeDelay = Duration.ofHours(24);
        /** A merchant's funds are snapshotted every this many events. */
        private int fundsSnapshotAfter = 100;

        public int getFundsSnapshotAfter() {
            return fundsSnapshotAfter;
        }

        public void setFundsSnapshotAfter(int fundsSnapshotAfter) {
            if (fundsSnapshotAfter < 1) {
                throw new IllegalArgumentException("tally.payouts.funds-snapshot-after must be at least 1");
            }
            this.fundsSnapshotAfter = fundsSnapshotAfter;
        }

        /**
         * What a merchant is charged towards the network fee of each payout, per chain (its code), in the payout's
         * asset, on top of the amount paid out. A chain not named here charges nothing: the platform bears its fees.
         */
        private Map<String, BigDecimal> networkFee = new HashMap<>();

        public Map<String, BigDecimal> getNetworkFee() {
            return networkFee;
        }

        public void setNetworkFee(Map<String, BigDecimal> networkFee) {
            this.networkFee = networkFee;
        }

        /**
         * The network fee charged to the merchant for a payout of {@code asset} on {@code chain}: zero when the
         * platform bears it.
         */
        public TokenAmount networkFeeCharged(Chain chain, Asset asset) {
            BigDecimal fee = networkFee.get(chain.code());
            return fee == null ? TokenAmount.zero(asset) : TokenAmount.parse(fee.toPlainString(), asset);
        }

        /** @throws IllegalArgumentException naming the setting, when a network fee is no chain's or no amount */
        void validate() {
            networkFee.forEach((chain, fee) -> {
                String setting = "tally.payouts.network-fee." + chain;
                Chain known = Chain.fromCode(chain).orElseThrow(() -> new IllegalArgumentException(
                        setting + ": " + chain + " is not a chain (tron, ethereum)"));
                try {
                    networkFeeCharged(known, Asset.USDT);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(setting + ": '" + fee.toPlainString() + "' is not an amount "
                                                       + "of USDT (" + e.getMessage() + ")", e);
                }
            });
        }

        /** When (UTC) a daily payout schedule pays out. */
        private LocalTime dailyAt = LocalTime.MIDNIGHT;

        public LocalTime getDailyAt() {
            return dailyAt;
        }

        public void setDailyAt(LocalTime dailyAt) {
            this.dailyAt = java.util.Objects.requireNonNull(dailyAt, "tally.payouts.daily-at");
        }

        public Duration getAddressChangeDelay() {
            return addressChangeDelay;
        }

        public void setAddressChangeDelay(Duration addressChangeDelay) {
            if (addressChangeDelay == null || addressChangeDelay.isNegative()) {
                throw new IllegalArgumentException("tally.payouts.address-change-delay must not be negative");
            }
            this.addressChangeDelay = addressChangeDelay;
        }
    }

    public Invoices getInvoices() {
        return invoices;
    }

    public Chains getChains() {
        return chains;
    }

    public Idempotency getIdempotency() {
        return idempotency;
    }

    public static class Invoices {
        /** The largest amount one invoice may ask for, in whole tokens. */
        private BigDecimal maxAmount = new BigDecimal("1000000");
        /** After expiry, payments to the invoice's address are still matched (as PAID_LATE) for this long. */
        private Duration monitoringWindow = Duration.ofMinutes(60);
        /** A shortfall up to this many basis points of the amount still counts as paid (0: exact). */
        private int underpaymentToleranceBps = 0;

        public BigDecimal getMaxAmount() {
            return maxAmount;
        }

        public void setMaxAmount(BigDecimal maxAmount) {
            this.maxAmount = maxAmount;
        }

        public Duration getMonitoringWindow() {
            return monitoringWindow;
        }

        public void setMonitoringWindow(Duration monitoringWindow) {
            this.monitoringWindow = monitoringWindow;
        }

        public int getUnderpaymentToleranceBps() {
            return underpaymentToleranceBps;
        }

        public void setUnderpaymentToleranceBps(int underpaymentToleranceBps) {
            if (underpaymentToleranceBps < 0 || underpaymentToleranceBps > 10_000) {
                throw new IllegalArgumentException("tally.invoices.underpayment-tolerance-bps must be 0 to 10000");
            }
            this.underpaymentToleranceBps = underpaymentToleranceBps;
        }
    }

    public static class Chains {
        private final ChainKey tron = new ChainKey();
        private final ChainKey ethereum = new ChainKey();
        /** Where a generated development key's account private key is kept, one file per key. */
        private String developmentKeysDirectory = System.getProperty("user.home") + "/.tally/development-keys";

        public String getDevelopmentKeysDirectory() {
            return developmentKeysDirectory;
        }

        public void setDevelopmentKeysDirectory(String developmentKeysDirectory) {
            this.developmentKeysDirectory = developmentKeysDirectory;
        }

        public ChainKey getTron() {
            return tron;
        }

        public ChainKey getEthereum() {
            return ethereum;
        }
    }

    public static class ChainKey {
        /** Account-level extended public key (BIP44 m/44'/coin'/account'); addresses are xpub/0/index. */
        private String xpub;

        public String getXpub() {
            return xpub;
        }

        public void setXpub(String xpub) {
            this.xpub = xpub;
        }
    }

    public static class Idempotency {
        /** How long a key and its stored response are kept. */
        private Duration retention = Duration.ofHours(24);
        /** A claimed key without a response after this long is treated as abandoned (its request died). */
        private Duration abandonedAfter = Duration.ofMinutes(1);

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        public Duration getAbandonedAfter() {
            return abandonedAfter;
        }

        public void setAbandonedAfter(Duration abandonedAfter) {
            this.abandonedAfter = abandonedAfter;
        }
    }
}
