package dev.tally.command.settlement;

import org.junit.jupiter.api.Test;

import static dev.tally.command.settlement.SettlementStatus.COMPLETED;
import static dev.tally.command.settlement.SettlementStatus.FAILED;
import static dev.tally.command.settlement.SettlementStatus.PENDING;
import static dev.tally.command.settlement.SettlementStatus.REVERSED;
import static org.assertj.core.api.Assertions.assertThat;

class SettlementStatusTest {

    @Test
    void aPendingSettlementCompletesFailsOrIsReversed() {
        assertThat(PENDING.allowedNext()).containsExactlyInAnyOrder(COMPLETED, FAILED, REVERSED);
        assertThat(PENDING.canTransitionTo(COMPLETED)).isTrue();
        assertThat(PENDING.canTransitionTo(FAILED)).isTrue();
        assertThat(PENDING.canTransitionTo(PENDING)).isFalse();
        assertThat(PENDING.isTerminal()).isFalse();
    }

    @Test
    void aCompletedSettlementIsOnlyReversedByAReorg() {
        assertThat(COMPLETED.allowedNext()).containsExactly(REVERSED);
    }

    @Test
    void failedAndReversedAreTerminal() {
        for (SettlementStatus terminal : new SettlementStatus[]{FAILED, REVERSED}) {
            assertThat(terminal.isTerminal()).as("%s is terminal", terminal).isTrue();
            for (SettlementStatus next : SettlementStatus.values()) {
                assertThat(terminal.canTransitionTo(next)).as("%s -> %s", terminal, next).isFalse();
            }
        }
    }
}
