package dev.mergeloom.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The last line of defence for text leaving the process. */
class RedactorTest {
  @Test
  void masksRegisteredSecretsLongestFirst() {
    Redactor.register("redactor-test-secret");
    Redactor.register("redactor-test-secret-longer");
    assertThat(Redactor.redact("a redactor-test-secret-longer b redactor-test-secret c"))
        .isEqualTo("a **** b **** c");
  }

  @Test
  void masksLongLinesOfMultiLineSecretsButNotShortCommonOnes() {
    String pemLine = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDredactortest";
    Redactor.register("{\n  \"type\": \"service_account\",\n  \"private_key\": \"" + pemLine + "\"\n}");
    assertThat(Redactor.redact("key " + pemLine)).isEqualTo("key ****");
    assertThat(Redactor.redact("expected \"type\": \"service_account\",")).contains("service_account");
  }

  @Test
  void ignoresValuesTooShortToBeSecrets() {
    Redactor.register("true");
    assertThat(Redactor.redact("true")).isEqualTo("true");
  }
}
