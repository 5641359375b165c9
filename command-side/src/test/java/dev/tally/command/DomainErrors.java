package dev.tally.command;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a {@link DomainException} with a given code, for Axon fixtures' {@code expectException}. */
public final class DomainErrors {
    private DomainErrors() {
    }

    public static Matcher<Throwable> domainError(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item) {
                return item instanceof DomainException e && e.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a DomainException with code ").appendValue(code);
            }

            @Override
            protected void describeMismatchSafely(Throwable item, Description mismatch) {
                mismatch.appendText("was ").appendValue(item.getClass().getName())
                        .appendText(item instanceof DomainException e ? " with code " + e.code() : "")
                        .appendText(": ").appendValue(item.getMessage());
            }
        };
    }
}
