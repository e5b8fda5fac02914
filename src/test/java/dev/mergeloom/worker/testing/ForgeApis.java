package dev.mergeloom.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forges' published API descriptions (src/test/resources/forge-apis, sources in its README),
 * as a check of one request: its method and path must be an operation the description has, each
 * query parameter one that operation declares (of its type and enum), and the JSON body must
 * conform to the operation's request schema and hold no property it does not declare. No rule is
 * written by hand; the schema is validated by networknt's JSON Schema validator.
 */
public enum ForgeApis {
  GITHUB("github.json", ""),
  GITLAB("gitlab-v4.json", ""),
  GITEA("gitea.json", "/api/v1"),
  FORGEJO("forgejo.json", "/api/v1"),
  AZURE_REPOS("azure-repos-7.1.json", "");

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String file;
  /** The description's basePath (Swagger), which its paths leave out. */
  private final String basePath;
  private JsonNode document;

  ForgeApis(String file, String basePath) {
    this.file = file;
    this.basePath = basePath;
  }

  /** The problems of one request; empty when the description allows it. */
  public synchronized List<String> problems(String method, String rawPath, String rawQuery, String body) {
    JsonNode doc = document();
    String path = rawPath.startsWith(basePath) ? rawPath.substring(basePath.length()) : rawPath;
    JsonNode op = null;
    for (JsonNode candidate : doc.get("operations")) {
      if (candidate.get("method").asText().equalsIgnoreCase(method) && template(candidate.get("path").asText())
          .matcher(path).matches()) {
        op = candidate;
      }
    }
    if (op == null) {
      return List.of(method + " " + rawPath + ": no such operation in " + file);
    }
    List<String> problems = new ArrayList<>();
    String id = op.get("operationId").asText();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        String[] kv = pair.split("=", 2);
        String name = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
        String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
        JsonNode schema = op.get("query").get(name);
        if (schema == null) {
          problems.add(id + ": query parameter " + name + " is not declared");
          continue;
        }
        problems.addAll(validate(schema, typed(schema, value), id + " query " + name));
      }
    }
    if (op.has("body")) {
      if (body == null || body.isBlank()) {
        problems.add(id + ": no JSON body");
      } else {
        String name = op.get("body").asText().substring("#/$defs/".length());
        Schema schema = REGISTRY.getSchema(SchemaLocation.of("classpath:forge-apis/" + file + "#/$defs/" + name));
        schema.validate(body, InputFormat.JSON).forEach(e -> problems.add(id + " body " + e.getInstanceLocation() + ": "
            + e.getMessage()));
        java.util.Set<String> declared = declared(doc, doc.get("$defs").get(name));
        new JsonObject(body).fieldNames().stream().filter(f -> !declared.contains(f))
            .forEach(f -> problems.add(id + ": body property " + f + " is not declared"));
      }
    } else if (body != null && !body.isBlank()) {
      problems.add(id + ": a body where the operation takes none");
    }
    return problems;
  }

  /** The properties a schema declares, through its $ref and allOf members. */
  private static java.util.Set<String> declared(JsonNode doc, JsonNode schema) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    if (schema.has("$ref")) {
      names.addAll(declared(doc, doc.get("$defs").get(schema.get("$ref").asText().substring("#/$defs/".length()))));
    }
    schema.path("properties").fieldNames().forEachRemaining(names::add);
    schema.path("allOf").forEach(member -> names.addAll(declared(doc, member)));
    return names;
  }

  /** Fails with every problem when the description does not allow the request. */
  public void check(String method, String rawPath, String rawQuery, String body) {
    List<String> problems = problems(method, rawPath, rawQuery, body);
    if (!problems.isEmpty()) {
      throw new AssertionError(name() + " refuses " + method + " " + rawPath + "?" + rawQuery + ":\n  "
          + String.join("\n  ", problems) + "\nbody: " + body);
    }
  }

  /**
   * A path template as a pattern: a parameter is one segment, except a template's last
   * parameter in Gitea's and Forgejo's descriptions, which their router takes as a wildcard
   * ({@code /pulls/{base}/*}), so a head branch such as mergeloom/KEY keeps its slash.
   */
  private Pattern template(String path) {
    boolean wildcardLast = basePath.equals("/api/v1") && path.endsWith("{head}");
    StringBuilder regex = new StringBuilder();
    Matcher m = Pattern.compile("\\{[^}]+\\}").matcher(path);
    int at = 0;
    while (m.find()) {
      regex.append(Pattern.quote(path.substring(at, m.start())));
      regex.append(wildcardLast && m.end() == path.length() ? "(.+)" : "([^/]+)");
      at = m.end();
    }
    return Pattern.compile(regex.append(Pattern.quote(path.substring(at))).toString());
  }

  private static Object typed(JsonNode schema, String value) {
    String type = schema.path("type").asText();
    try {
      return switch (type) {
        case "integer" -> Long.parseLong(value);
        case "boolean" -> value.equals("true") ? Boolean.TRUE : value.equals("false") ? Boolean.FALSE : value;
        case "array" -> new JsonArray(List.of(value.split(",")));
        default -> value;
      };
    } catch (NumberFormatException notANumber) {
      return value;
    }
  }

  private static List<String> validate(JsonNode schema, Object value, String where) {
    Schema s = REGISTRY.getSchema(schema);
    return s.validate(io.vertx.core.json.Json.encode(value), InputFormat.JSON).stream()
        .map(e -> where + ": " + e.getMessage()).toList();
  }

  private JsonNode document() {
    if (document == null) {
      try (InputStream in = ForgeApis.class.getResourceAsStream("/forge-apis/" + file)) {
        document = JSON.readTree(in);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return document;
  }
}
