package dev.tally.kernel.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransitionsTest {
    enum Light { RED, GREEN, BROKEN }

    @Test
    void aTableSaysWhatMayFollowAndWhatIsTerminal() {
        Transitions<Light> table = Transitions.of(Light.class)
                                              .allow(Light.RED, Light.GREEN, Light.BROKEN)
                                              .allow(Light.GREEN, Light.RED)
                                              .allow(Light.BROKEN)
                                              .build();
        assertThat(table.allows(Light.RED, Light.GREEN)).isTrue();
        assertThat(table.allows(Light.GREEN, Light.BROKEN)).isFalse();
        assertThat(table.isTerminal(Light.BROKEN)).isTrue();
        assertThat(table.next(Light.RED)).containsExactly(Light.GREEN, Light.BROKEN);
    }

    /** A state added to the enum without its row fails when the enum loads, not when it is first reached. */
    @Test
    void aStateWithoutARowOrWithTwoIsRefused() {
        assertThatThrownBy(() -> Transitions.of(Light.class).allow(Light.RED, Light.GREEN).allow(Light.GREEN).build())
                .hasMessageContaining("Light.BROKEN has no row");
        assertThatThrownBy(() -> Transitions.of(Light.class).allow(Light.RED).allow(Light.RED, Light.GREEN))
                .hasMessageContaining("Light.RED has two rows");
    }
}
