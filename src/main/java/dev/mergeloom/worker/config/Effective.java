package dev.mergeloom.worker.config;

/**
 * An effective setting as the API and UI show it.
 *
 * @param value null when nothing supplies one
 * @param source null when nothing supplies one
 * @param locked supplied by the deployment, so the UI cannot change it
 * @param variable the deployment variable that would supply it
 */
public record Effective(String value, ConfigSource source, boolean locked, String variable) {

  public boolean isSet() {
    return value != null;
  }

  /**
   * The one precedence rule (contract §2.1), used for provider and runtime settings alike:
   * a deployment value is locked and wins; otherwise, in {@code ui} mode, the UI-stored value;
   * otherwise the shipped default. In {@code provisioned} mode the UI store is not consulted; in
   * {@code gateway} mode (executors) the value fetched from the gateway takes the UI value's place.
   */
  public static Effective pick(String variable, DeploymentConfig deployment, String uiValue, ConfigMode mode) {
    ConfigValue fromDeployment = variable == null ? null : deployment.get(variable).orElse(null);
    if (fromDeployment != null && fromDeployment.source().isDeployment()) {
      return new Effective(fromDeployment.value(), fromDeployment.source(), true, variable);
    }
    if (mode == ConfigMode.UI && uiValue != null) {
      return new Effective(uiValue, ConfigSource.UI, false, variable);
    }
    if (mode == ConfigMode.GATEWAY && uiValue != null) {
      return new Effective(uiValue, ConfigSource.GATEWAY, true, variable);
    }
    if (fromDeployment != null) {
      return new Effective(fromDeployment.value(), fromDeployment.source(), false, variable);
    }
    return new Effective(null, null, false, variable);
  }

  @Override
  public String toString() {
    return "Effective[" + variable + " from " + source + (locked ? ", locked" : "") + "]";
  }
}
