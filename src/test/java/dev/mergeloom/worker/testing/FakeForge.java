package dev.mergeloom.worker.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A forge's review-request API on loopback, for one repository: GitHub's pulls, GitLab's merge
 * requests, Gitea's (and Forgejo's) pulls or Azure Repos' pull requests, with open requests kept
 * by source branch. Every request is checked against the forge's published description
 * ({@link ForgeApis}); what it refuses is kept in {@link #problems()} and answered 422. Replies
 * are the published examples where a description has one (GitHub, Azure Repos), with this
 * request's number, branches and text. A test may queue answers ({@link #answerNext}): a 422, a
 * rate limit with Retry-After.
 */
public final class FakeForge implements AutoCloseable {
  public enum Kind { GITHUB, GITLAB, GITEA, AZURE_REPOS }

  /** A request as the forge got it. */
  public record Seen(String method, String path, String query, Map<String, String> headers, String body) {}

  private record Canned(int status, Map<String, String> headers, String body) {}

  private final Kind kind;
  private final ForgeApis description;
  private final String token;
  private final HttpServer server;
  private final Map<String, JsonObject> openByBranch = new LinkedHashMap<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final Deque<Canned> canned = new ArrayDeque<>();
  private long next = 1;

  public FakeForge(Kind kind, String token) throws IOException {
    this(kind, token, switch (kind) {
      case GITHUB -> ForgeApis.GITHUB;
      case GITLAB -> ForgeApis.GITLAB;
      case GITEA -> ForgeApis.GITEA;
      case AZURE_REPOS -> ForgeApis.AZURE_REPOS;
    });
  }

  /** A forge checked against another description of the same API (Forgejo's for Gitea's calls). */
  public FakeForge(Kind kind, String token, ForgeApis description) throws IOException {
    this.kind = kind;
    this.token = token;
    this.description = description;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The API base a job's {@code apiUrl} names: GitHub's root, GitLab's /api/v4, Gitea's /api/v1, Azure's collection. */
  public String apiUrl() {
    String origin = "http://127.0.0.1:" + server.getAddress().getPort();
    return switch (kind) {
      case GITHUB -> origin;
      case GITLAB -> origin + "/api/v4";
      case GITEA -> origin + "/api/v1";
      case AZURE_REPOS -> origin + "/fabrikam";
    };
  }

  /** The next request gets this answer instead of the forge's own. */
  public synchronized void answerNext(int status, Map<String, String> headers, String body) {
    canned.add(new Canned(status, headers, body));
  }

  public List<Seen> requests() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** What the published description refused in the requests so far. */
  public List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  /** The open requests, by source branch. */
  public synchronized Map<String, JsonObject> open() {
    return Map.copyOf(openByBranch);
  }

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    String body;
    try (InputStream in = ex.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    seen.add(new Seen(method, path, query, headers, body));
    Canned answer;
    synchronized (this) {
      answer = canned.poll();
    }
    if (answer == null) {
      answer = answer(method, path, query, headers, body);
    }
    byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
    answer.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(answer.status, bytes.length == 0 ? -1 : bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private synchronized Canned answer(String method, String path, String query, Map<String, String> headers, String body) {
    if (!authorized(headers)) {
      return new Canned(401, Map.of(), new JsonObject().put("message", kind == Kind.GITHUB ? "Bad credentials"
          : "401 Unauthorized").encode());
    }
    List<String> refused = description.problems(method, path, query, body.isEmpty() ? null : body);
    if (!refused.isEmpty()) {
      problems.addAll(refused);
      return new Canned(422, Map.of(), new JsonObject().put("message", "refused by the description: " + refused).encode());
    }
    JsonObject in = body.isEmpty() ? new JsonObject() : new JsonObject(body);
    Matcher numbered = Pattern.compile(".*/(?:pulls|merge_requests|pullrequests)/(\\d+)$").matcher(path);
    if (numbered.matches() && !method.equals("GET")) {
      return update(Long.parseLong(numbered.group(1)), in);
    }
    return switch (method) {
      case "GET" -> find(path, query);
      case "POST" -> create(in);
      default -> new Canned(405, Map.of(), "{}");
    };
  }

  private boolean authorized(Map<String, String> headers) {
    return switch (kind) {
      case GITHUB -> ("Bearer " + token).equals(headers.get("authorization"));
      case GITLAB -> token.equals(headers.get("private-token"));
      case GITEA -> ("token " + token).equals(headers.get("authorization"));
      case AZURE_REPOS -> ("Basic " + Base64.getEncoder().encodeToString((":" + token).getBytes(StandardCharsets.UTF_8)))
          .equals(headers.get("authorization"));
    };
  }

  private Canned find(String path, String query) {
    String branch = switch (kind) {
      case GITHUB -> param(query, "head").replaceFirst("^[^:]+:", "");
      case GITLAB -> param(query, "source_branch");
      case GITEA -> java.net.URLDecoder.decode(path.replaceFirst(".*/pulls/[^/]+/", ""), StandardCharsets.UTF_8);
      case AZURE_REPOS -> param(query, "searchCriteria.sourceRefName").replaceFirst("^refs/heads/", "");
    };
    JsonObject pr = openByBranch.get(branch);
    return switch (kind) {
      case GITEA -> pr == null ? new Canned(404, Map.of(), new JsonObject().put("message", "pull request does not exist")
          .encode()) : ok(200, pr);
      case AZURE_REPOS -> ok(200, new JsonObject().put("value", pr == null ? new JsonArray() : new JsonArray().add(pr))
          .put("count", pr == null ? 0 : 1));
      default -> new Canned(200, Map.of(), (pr == null ? new JsonArray() : new JsonArray().add(pr)).encode());
    };
  }

  private Canned create(JsonObject in) {
    String branch = switch (kind) {
      case GITHUB, GITEA -> in.getString("head");
      case GITLAB -> in.getString("source_branch");
      case AZURE_REPOS -> in.getString("sourceRefName").replaceFirst("^refs/heads/", "");
    };
    if (openByBranch.containsKey(branch)) {
      String message = switch (kind) {
        case GITHUB -> "Validation Failed";
        case GITLAB -> "Another open merge request already exists for this source branch";
        case GITEA -> "pull request already exists for these targets";
        case AZURE_REPOS -> "TF401179: An active pull request for the source and target branch already exists.";
      };
      return new Canned(kind == Kind.GITHUB ? 422 : 409, Map.of(), new JsonObject().put("message", message).encode());
    }
    JsonObject pr = reply(next++, branch, in);
    openByBranch.put(branch, pr);
    return ok(201, pr);
  }

  private Canned update(long number, JsonObject in) {
    for (Map.Entry<String, JsonObject> e : openByBranch.entrySet()) {
      JsonObject pr = e.getValue();
      long n = pr.getLong(kind == Kind.GITLAB ? "iid" : kind == Kind.AZURE_REPOS ? "pullRequestId" : "number");
      if (n == number) {
        in.forEach(f -> pr.put(f.getKey(), f.getValue()));
        return ok(kind == Kind.GITEA ? 201 : 200, pr);
      }
    }
    return new Canned(404, Map.of(), new JsonObject().put("message", "404 Not found").encode());
  }

  /** A reply in the forge's shape: the published example where there is one, with this request's data. */
  private JsonObject reply(long number, String branch, JsonObject in) {
    String web = "https://forge.example/acme/app";
    return switch (kind) {
      case GITHUB -> {
        JsonObject pr = example("github-pull-request-example.json").getJsonObject("value");
        pr.put("number", number).put("html_url", web + "/pull/" + number).put("state", "open")
            .put("title", in.getString("title")).put("body", in.getString("body")).put("draft", in.getBoolean("draft", false));
        pr.getJsonObject("head").put("ref", branch);
        pr.getJsonObject("base").put("ref", in.getString("base"));
        yield pr;
      }
      case GITLAB -> new JsonObject().put("id", 1000 + number).put("iid", number).put("state", "opened")
          .put("title", in.getString("title")).put("description", in.getString("description"))
          .put("source_branch", branch).put("target_branch", in.getString("target_branch"))
          .put("draft", in.getString("title").startsWith("Draft:")).put("web_url", web + "/-/merge_requests/" + number);
      case GITEA -> new JsonObject().put("id", 1000 + number).put("number", number).put("state", "open")
          .put("title", in.getString("title")).put("body", in.getString("body"))
          .put("head", new JsonObject().put("ref", branch)).put("base", new JsonObject().put("ref", in.getString("base")))
          .put("html_url", web + "/pulls/" + number);
      case AZURE_REPOS -> {
        JsonObject pr = example("azure-repos-create-pull-request-example.json").getJsonObject("responses")
            .getJsonObject("201").getJsonObject("body");
        pr.put("pullRequestId", number).put("codeReviewId", number).put("title", in.getString("title"))
            .put("description", in.getString("description")).put("sourceRefName", in.getString("sourceRefName"))
            .put("targetRefName", in.getString("targetRefName")).put("isDraft", in.getBoolean("isDraft", false));
        yield pr;
      }
    };
  }

  private static Canned ok(int status, JsonObject body) {
    return new Canned(status, Map.of(), body.encode());
  }

  private static JsonObject example(String file) {
    try (InputStream in = FakeForge.class.getResourceAsStream("/forge-apis/" + file)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String param(String query, String name) {
    for (String pair : query == null ? new String[0] : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8).equals(name) && kv.length == 2) {
        return java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
