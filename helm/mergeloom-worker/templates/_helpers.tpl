{{/* Names: <release>-<chart> unless overridden, cut to 63 characters. */}}
{{- define "mergeloom-worker.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mergeloom-worker.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mergeloom-worker.gatewayName" -}}
{{- printf "%s-gateway" (include "mergeloom-worker.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mergeloom-worker.executorName" -}}
{{- printf "%s-executor" (include "mergeloom-worker.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mergeloom-worker.tokensSecretName" -}}
{{- printf "%s-tokens" (include "mergeloom-worker.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mergeloom-worker.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "mergeloom-worker.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component (gateway or executor); pass (dict "ctx" $ "component" "gateway"). */}}
{{- define "mergeloom-worker.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mergeloom-worker.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "mergeloom-worker.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mergeloom-worker.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* providerEnv key -> the worker's variable. Every non-secret provider setting has one. */}}
{{- define "mergeloom-worker.providerEnvVariables" -}}
openaiModel: JCA_OPENAI_MODEL
openaiBaseUrl: JCA_OPENAI_BASE_URL
openaiModelAliases: JCA_OPENAI_MODEL_ALIASES
anthropicModel: JCA_ANTHROPIC_MODEL
anthropicBaseUrl: JCA_ANTHROPIC_BASE_URL
anthropicModelAliases: JCA_ANTHROPIC_MODEL_ALIASES
claudeCodeModel: JCA_WORKER_CLAUDE_CODE_MODEL
claudeCodeAuthMethod: JCA_WORKER_CLAUDE_CODE_AUTH_METHOD
claudeCodeModelAliases: JCA_WORKER_CLAUDE_CODE_MODEL_ALIASES
codexModel: JCA_WORKER_CODEX_MODEL
codexAuthMethod: JCA_WORKER_CODEX_AUTH_METHOD
codexModelAliases: JCA_WORKER_CODEX_MODEL_ALIASES
openaiCompatibleBaseUrl: JCA_OPENAI_COMPATIBLE_BASE_URL
openaiCompatibleModel: JCA_OPENAI_COMPATIBLE_MODEL
openaiCompatibleAuthMode: JCA_OPENAI_COMPATIBLE_AUTH_MODE
openaiCompatibleModelAliases: JCA_OPENAI_COMPATIBLE_MODEL_ALIASES
vertexAuthMethod: JCA_VERTEX_AUTH_METHOD
vertexEndpointMode: JCA_VERTEX_ENDPOINT_MODE
vertexProjectId: JCA_VERTEX_PROJECT_ID
vertexLocation: JCA_VERTEX_LOCATION
vertexPublisher: JCA_VERTEX_PUBLISHER
vertexModel: JCA_VERTEX_MODEL
vertexEndpointUrl: JCA_VERTEX_ENDPOINT_URL
vertexModelAliases: JCA_VERTEX_MODEL_ALIASES
bedrockAuthMethod: JCA_BEDROCK_AUTH_METHOD
bedrockRegion: JCA_BEDROCK_REGION
bedrockModelId: JCA_BEDROCK_MODEL_ID
bedrockEndpointUrl: JCA_BEDROCK_ENDPOINT_URL
bedrockModelAliases: JCA_BEDROCK_MODEL_ALIASES
awsProfile: AWS_PROFILE
azureFoundryAuthMethod: JCA_AZURE_FOUNDRY_AUTH_METHOD
azureFoundryEndpoint: JCA_AZURE_FOUNDRY_ENDPOINT
azureFoundryModel: JCA_AZURE_FOUNDRY_MODEL
azureFoundryApiVersion: JCA_AZURE_FOUNDRY_API_VERSION
azureFoundryModelAliases: JCA_AZURE_FOUNDRY_MODEL_ALIASES
azureFoundryTokenLimitField: JCA_AZURE_FOUNDRY_TOKEN_LIMIT_FIELD
openaiCompatibleTokenLimitField: JCA_OPENAI_COMPATIBLE_TOKEN_LIMIT_FIELD
azureTenantId: AZURE_TENANT_ID
azureClientId: AZURE_CLIENT_ID
azureFederatedTokenFile: AZURE_FEDERATED_TOKEN_FILE
{{- end }}

{{/* Worker variables shared by gateway and executors; only values that are set are rendered. */}}
{{- define "mergeloom-worker.commonEnv" -}}
{{- $worker := dict
  "JCA_WORKER_CONTROL_PLANE_URL" .Values.worker.controlPlaneUrl
  "JCA_WORKER_TENANT_SLUG" .Values.worker.tenantSlug
  "JCA_WORKER_LOG_FORMAT" .Values.worker.logFormat
  "JCA_WORKER_LOG_LEVEL" .Values.worker.logLevel
  "JCA_WORKER_ALLOWED_COMMANDS" .Values.worker.allowedCommands
  "JCA_WORKER_SANDBOX_ALLOWED_HOSTS" .Values.worker.sandboxAllowedHosts
  "JCA_WORKER_COMMAND_TIMEOUT_SECONDS" .Values.worker.commandTimeoutSeconds
  "JCA_WORKER_PROVIDER_COMMAND_TIMEOUT_SECONDS" .Values.worker.providerCommandTimeoutSeconds
  "JCA_WORKER_MAX_REPAIR_ATTEMPTS" .Values.worker.maxRepairAttempts
  "JCA_WORKER_MAX_CONCURRENT_JOBS" .Values.worker.maxConcurrentJobs
  "JCA_WORKER_REQUIRE_SELF_TEST" .Values.worker.requireSelfTest
  "JCA_WORKER_ACTIVE_JOB_HEARTBEAT_INTERVAL_SECONDS" .Values.worker.heartbeatIntervalSeconds
  "JCA_WORKER_CONTROL_PLANE_REQUEST_TIMEOUT_SECONDS" .Values.worker.controlPlaneRequestTimeoutSeconds
  "JCA_WORKER_UI_ALLOWED_HOSTS" .Values.worker.uiAllowedHosts
  "JCA_WORKER_CA_BUNDLE" .Values.worker.caBundle
  "JCA_WORKER_CONFIGMAP_NAME" .Values.providerConfig.configMapName }}
{{- range $name, $value := $worker }}
{{- if not (eq (toString $value) "") }}
- name: {{ $name }}
  value: {{ toString $value | quote }}
{{- end }}
{{- end }}
{{- if .Values.providerConfig.configMapName }}
- name: JCA_WORKER_CONFIGMAP_NAMESPACE
  value: {{ .Release.Namespace | quote }}
{{- end }}
{{- $variables := include "mergeloom-worker.providerEnvVariables" . | fromYaml }}
{{- range $key, $value := .Values.providerEnv }}
{{- if not (hasKey $variables $key) }}
{{- fail (printf "providerEnv.%s is not a known provider setting; see values.yaml for the keys" $key) }}
{{- end }}
{{- if not (eq (toString $value) "") }}
- name: {{ get $variables $key }}
  value: {{ toString $value | quote }}
{{- end }}
{{- end }}
{{- with .Values.worker.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Secrets: the chart's tokens Secret, then the operator's Secret (its keys win). */}}
{{- define "mergeloom-worker.envFrom" -}}
- secretRef:
    name: {{ include "mergeloom-worker.tokensSecretName" . }}
{{- if .Values.secret.existingSecretName }}
- secretRef:
    name: {{ .Values.secret.existingSecretName }}
{{- end }}
{{- end }}

{{/*
Executors: the generated tokens (the cluster token), and the operator's Secret only when
executors.envFromExistingSecret says so: an executor receives the secrets of the providers its
jobs use from the gateway, with each claim, so provider keys need not be in its environment.
*/}}
{{- define "mergeloom-worker.executorEnvFrom" -}}
- secretRef:
    name: {{ include "mergeloom-worker.tokensSecretName" . }}
{{- if and .Values.secret.existingSecretName .Values.executors.envFromExistingSecret }}
- secretRef:
    name: {{ .Values.secret.existingSecretName }}
{{- end }}
{{- end }}

{{- define "mergeloom-worker.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "mergeloom-worker.probes" -}}
livenessProbe:
  httpGet: {path: /healthz, port: http}
  initialDelaySeconds: {{ .Values.probes.initialDelaySeconds }}
  periodSeconds: {{ .Values.probes.periodSeconds }}
  failureThreshold: {{ .Values.probes.failureThreshold }}
  timeoutSeconds: 5
readinessProbe:
  httpGet: {path: /healthz, port: http}
  initialDelaySeconds: {{ .Values.probes.initialDelaySeconds }}
  periodSeconds: {{ .Values.probes.periodSeconds }}
  failureThreshold: {{ .Values.probes.failureThreshold }}
  timeoutSeconds: 5
{{- end }}

{{/* The writable places of a read-only root filesystem, plus the shared CLI logins. */}}
{{- define "mergeloom-worker.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: home
  mountPath: /home/agent
- name: cli-config
  mountPath: /home/agent/.codex
  subPath: codex
- name: cli-config
  mountPath: /home/agent/.claude
  subPath: claude
{{- with .Values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "mergeloom-worker.commonVolumes" -}}
- name: tmp
  emptyDir: {}
- name: home
  emptyDir: {}
- name: cli-config
{{- if .Values.persistence.cliConfig.enabled }}
  persistentVolumeClaim:
    claimName: {{ default (printf "%s-cli-config" (include "mergeloom-worker.fullname" .)) .Values.persistence.cliConfig.existingClaim }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Pod-level settings shared by gateway and executors. */}}
{{- define "mergeloom-worker.podSpecCommon" -}}
serviceAccountName: {{ include "mergeloom-worker.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
