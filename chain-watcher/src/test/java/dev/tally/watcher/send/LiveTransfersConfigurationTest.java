package dev.tally.watcher.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class LiveTransfersConfigurationTest {

    @Test
    void tronSweepsDelegateEnergyAndBurnWhenShortUnlessTold() {
        assertThat(LiveTransfersConfiguration.tronEnergy(new MockEnvironment()))
                .isEqualTo(new LiveTransfers.TronEnergy(true, true));
        assertThat(LiveTransfersConfiguration.tronEnergy(new MockEnvironment()
                .withProperty(SweepsConfiguration.TRON_ENERGY, "burn")))
                .isEqualTo(LiveTransfers.TronEnergy.BURN);
        assertThat(LiveTransfersConfiguration.tronEnergy(new MockEnvironment()
                .withProperty(SweepsConfiguration.TRON_BURN_WHEN_SHORT, "false")))
                .isEqualTo(new LiveTransfers.TronEnergy(true, false));
    }

    @Test
    void anEnergySettingThatIsNeitherDelegateNorBurnStopsTheStartNamingIt() {
        assertThatThrownBy(() -> LiveTransfersConfiguration.tronEnergy(new MockEnvironment()
                .withProperty(SweepsConfiguration.TRON_ENERGY, "stake")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tally.sweeps.tron.energy: 'stake' is neither delegate nor burn");
    }

    @Test
    void anEnergyReturnsAttemptIsReadFromItsKey() {
        assertThat(LiveTransfers.returnAttempt("sw_1/energy-return")).isEqualTo(1);
        assertThat(LiveTransfers.returnAttempt("sw_1/energy-return-12")).isEqualTo(12);
    }
}
