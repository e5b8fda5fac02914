package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.jobs.model.JobEnvelope;
import dev.mergeloom.worker.jobs.model.Selection;
import dev.mergeloom.worker.jobs.run.JobDeps;
import dev.mergeloom.worker.jobs.workspace.CommandLine;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.selftest.SelfTestService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks a job passes before it is queued, each a refusal that names what to fix: the
 * sandbox works here (or is off on purpose), its provider has a passed self-test when that is
 * required, and every configured setup and validation command is allowed.
 */
final class JobAdmission {
  private final JobDeps deps;
  private final SelfTestService selfTests;

  JobAdmission(JobDeps deps, SelfTestService selfTests) {
    this.deps = deps;
    this.selfTests = selfTests;
  }

  /** Fail closed: no job runs here without its boundary unless the operator said so. */
  void sandbox(boolean onExecutors) {
    if (!onExecutors && !deps.sandbox().jobsAllowed()) {
      throw new dev.mergeloom.worker.bus.Refusal(dev.mergeloom.worker.bus.Refusal.Code.SANDBOX_UNAVAILABLE, deps.sandbox().detail());
    }
  }

  void selfTest(Selection selection) {
    ResolvedProvider provider = deps.providers().get(selection.provider()).orElseThrow();
    boolean required = deps.runtime().values().requireSelfTest();
    selfTests.refusal(provider, required).ifPresent(why -> {
      throw new dev.mergeloom.worker.bus.Refusal(dev.mergeloom.worker.bus.Refusal.Code.SELF_TEST_REQUIRED, why);
    });
  }

  /** Every configured executable is checked before anything runs, naming the command. */
  void commands(JobEnvelope envelope) {
    Set<String> allowed = deps.runtime().values().allowedCommands();
    List<FieldProblem> problems = new ArrayList<>();
    for (int i = 0; i < envelope.repositories().size(); i++) {
      JobEnvelope.Repository r = envelope.repositories().get(i);
      check(r.setupCommands(), "repositories[" + i + "].setupCommands", allowed, problems);
      check(r.validationCommands(), "repositories[" + i + "].validationCommands", allowed, problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
  }

  private static void check(List<String> lines, String field, Set<String> allowed, List<FieldProblem> problems) {
    for (int j = 0; j < lines.size(); j++) {
      try {
        List<String> argv = CommandLine.split(lines.get(j));
        if (argv.isEmpty()) {
          problems.add(new FieldProblem(field + "[" + j + "]", "empty command"));
        } else if (argv.get(0).contains("/") || !allowed.contains(argv.get(0))) {
          problems.add(new FieldProblem(field + "[" + j + "]", "'" + argv.get(0) + "' is not an allowed command "
              + "(allowed: " + String.join(", ", allowed.stream().sorted().toList()) + "; see JCA_WORKER_ALLOWED_COMMANDS)"));
        }
      } catch (IllegalArgumentException e) {
        problems.add(new FieldProblem(field + "[" + j + "]", e.getMessage()));
      }
    }
  }
}
