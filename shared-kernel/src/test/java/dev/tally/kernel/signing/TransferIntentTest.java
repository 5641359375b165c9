package dev.tally.kernel.signing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransferIntentTest {

    @Test
    void eachTransactionOfAnOperationHasAKeyOfItsOwn() {
        assertThat(new TransferIntent(TransferIntent.Kind.REFUND, "rf_1", 2).key()).isEqualTo("rf_1/2");
        assertThat(new TransferIntent(TransferIntent.Kind.SWEEP, "sw_1", 1).key()).isEqualTo("sw_1/1");
        assertThat(new TransferIntent(TransferIntent.Kind.SWEEP_GAS, "sw_1", 1).key()).isEqualTo("sw_1/gas");
        assertThat(new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY, "sw_1", 1).key()).isEqualTo("sw_1/energy");
        assertThat(new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY_RETURN, "sw_1", 1).key())
                .isEqualTo("sw_1/energy-return");
        assertThat(new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY_RETURN, "sw_1", 3).key())
                .isEqualTo("sw_1/energy-return-3");
    }
}
