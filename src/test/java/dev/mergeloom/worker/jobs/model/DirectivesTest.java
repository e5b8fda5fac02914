package dev.mergeloom.worker.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ticket directives: the first [JCA] block, key=value lines, warnings for what is ignored. */
class DirectivesTest {
  @Test
  void theFirstBlockGivesKnownKeysCaseInsensitivelyAndTrimmed() {
    Directives d = Directives.parse("Fix it.\n[JCA]\n  Provider = claude-api \n# a comment\n\nmodel=opus\n[/JCA]\n"
        + "[JCA]\nprovider=openai-api\n[/JCA]");
    assertThat(d.values()).containsExactly(Map.entry("provider", "claude-api"), Map.entry("model", "opus"));
    assertThat(d.warnings()).isEmpty();
  }

  @Test
  void unknownKeysMalformedLinesAndRepeatsAreWarnedAboutAndIgnored() {
    Directives d = Directives.parse("[JCA]\ncolour=blue\njust words\n=x\nmodel=a\nmodel=b\n[/JCA]");
    assertThat(d.values()).containsExactly(Map.entry("model", "a"));
    assertThat(d.warnings()).hasSize(4);
    assertThat(d.warnings().get(0)).contains("unknown directive 'colour'").contains("known: context_files");
    assertThat(d.warnings().get(1)).contains("'just words' ignored: expected key=value");
    assertThat(d.warnings().get(2)).contains("'=x' ignored");
    assertThat(d.warnings().get(3)).contains("'model' given twice; the first value is used");
  }

  @Test
  void noBlockOrNoDescriptionGivesNothing() {
    assertThat(Directives.parse("provider=claude-api, but not in a block").values()).isEmpty();
    assertThat(Directives.parse(null).values()).isEmpty();
    assertThat(Directives.parse("[JCA] provider=x").values()).as("an unclosed block").isEmpty();
  }

  @Test
  void listsAreCommaSeparatedTrimmedAndSkipEmptyEntries() {
    Directives d = Directives.parse("[JCA]\nwork_repos= api , web,,\ncontext_files=\n[/JCA]");
    assertThat(d.list("work_repos")).containsExactly("api", "web");
    assertThat(d.list("context_files")).isEmpty();
    assertThat(d.list("context_repos")).isEmpty();
  }

  @Test
  void resolvedDirectivesFromTheEnvelopeWarnOnlyAboutUnknownKeys() {
    Directives d = Directives.resolved(Map.of("model", "gpt-5", "speed", "fast"));
    assertThat(d.values()).containsExactly(Map.entry("model", "gpt-5"));
    assertThat(d.warnings()).containsExactly("unknown directive 'speed' ignored");
  }
}
