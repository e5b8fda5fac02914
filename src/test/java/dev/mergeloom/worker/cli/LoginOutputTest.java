package dev.mergeloom.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Codex's device-login output read line by line, with stderr lines arriving between stdout's. */
class LoginOutputTest {

  @Test
  void aStderrLineBetweenAHeadingAndItsValueIsNotTakenForTheValue() {
    LoginOutput.Codex codex = new LoginOutput.Codex();
    for (String line : new String[] {"1. Open this link in your browser and sign in to your account",
        "WARNING: proceeding, even though we could not create PATH aliases: fake",
        "   \u001B[94mhttps://auth.openai.com/codex/device\u001B[0m", "", "2. Enter this one-time code "
            + "\u001B[2m(expires in 15 minutes)\u001B[0m",
        "WARNING: proceeding, even though we could not create PATH aliases: fake", "   \u001B[94mABCD-12345\u001B[0m"}) {
      codex.accept(line);
    }
    assertThat(codex.url()).contains("https://auth.openai.com/codex/device");
    assertThat(codex.code()).contains("ABCD-12345");
  }
}
