package dev.tally.watcher.evm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test token's committed ABI and bytecode (contracts/out) are what the pinned solc-js makes of its Solidity
 * source, byte for byte: {@code contracts/build.sh --check} with the compiler the build installed.
 */
class EvmTestTokenArtifactsTest {

    @Test
    void theCommittedBytecodeIsWhatThePinnedCompilerMakesOfTheSource() throws IOException, InterruptedException {
        Path contracts = Paths.get("..", "contracts").toAbsolutePath().normalize();
        assertThat(contracts.resolve("node_modules/solc/package.json"))
                .as("solc-js is installed in %s (the build runs npm ci there; needs node and npm)", contracts)
                .exists();

        Process check = new ProcessBuilder("node", "build.mjs", "--check").directory(contracts.toFile())
                                                                          .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("out/ is what solc 0.8.37");
        assertThat(Files.readString(contracts.resolve("out/TallyTestToken.bin")).trim()).matches("[0-9a-f]+");
    }
}
