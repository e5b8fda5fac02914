# syntax=docker/dockerfile:1
# mergeloom-worker image: one image for every role (JCA_WORKER_ROLE=standalone|gateway|executor).
# Build: docker build -t mergeloom-worker .   Run: see compose.yaml and docs/deployment.md.

# --- build: the fat jar, tests left to CI (scripts/test.sh) ---
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY conf ./conf
COPY webroot ./webroot
RUN mvn -B -q -DskipTests package && cp target/mergeloom-worker-*-fat.jar /src/mergeloom-worker.jar

# --- the JRE, taken from the official Temurin image ---
FROM eclipse-temurin:17-jre AS jre

# --- runtime: Debian slim with Node.js (for the Codex and Claude Code CLIs) and the JRE ---
FROM node:20-bookworm-slim
# Pinned CLI versions: the worker parses their output, so an upgrade is a deliberate change
# (scripts/ensure-test-tools.sh pins the same versions for the tests; DeploymentFilesTest checks).
ARG CODEX_VERSION=0.169.0
ARG CLAUDE_CODE_VERSION=2.1.197
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH \
    HOME=/home/agent \
    JCA_WORKER_HOST=0.0.0.0 \
    JCA_WORKER_PORT=8010 \
    JCA_WORKER_DATA_DIR=/data \
    JCA_WORKER_WORKSPACE_ROOT=/data/workspaces \
    JCA_WORKER_CLI_CONFIG_DIR=/home/agent/.codex \
    JCA_WORKER_CLAUDE_CONFIG_DIR=/home/agent/.claude \
    CODEX_HOME=/home/agent/.codex \
    CLAUDE_CONFIG_DIR=/home/agent/.claude \
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
# git for job checkouts; ripgrep and python3 for the default command allowlist; bubblewrap is
# the sandbox of every job process and socat its bridge to the egress proxy (docs/security.md); tini reaps the
# CLIs' children and forwards signals.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates git ripgrep python3 tini bubblewrap socat \
 && rm -rf /var/lib/apt/lists/* \
 && npm install -g --no-fund --no-audit "@openai/codex@${CODEX_VERSION}" "@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}" \
 && npm cache clean --force \
 && codex --version && claude --version \
 && groupadd --gid 10001 agent \
 && useradd --uid 10001 --gid agent --home-dir /home/agent --create-home --shell /usr/sbin/nologin agent \
 && mkdir -p /data /home/agent/.codex /home/agent/.claude /app \
 && chown -R agent:agent /data /home/agent
COPY --from=build /src/mergeloom-worker.jar /app/mergeloom-worker.jar
WORKDIR /app
USER agent
VOLUME ["/data", "/home/agent/.codex", "/home/agent/.claude"]
EXPOSE 8010
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.JCA_WORKER_PORT || 8010) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Vert.x unpacks classpath files under /tmp, so the root filesystem can stay read-only.
# Extra JVM flags: JDK_JAVA_OPTIONS.
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-XX:MaxRAMPercentage=75", "-Dvertx.cacheDirBase=/tmp/vertx-cache", "-jar", "/app/mergeloom-worker.jar"]
