package dev.mergeloom.worker.web;

import dev.mergeloom.worker.WorkerContext;
import io.vertx.ext.web.RoutingContext;

/**
 * A minimal landing page until the server-rendered UI lands (issue 3): identity and links to
 * the JSON API. Everything interpolated is escaped.
 */
final class HomePage {
  private HomePage() {}

  static void render(RoutingContext ctx, WorkerContext worker) {
    var s = worker.settings();
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mergeloom-worker</title></head>"
        + "<body><h1>mergeloom-worker " + esc(worker.version()) + "</h1>"
        + "<p>Name <b>" + esc(s.workerName()) + "</b>, role <b>" + esc(s.role().wireName())
        + "</b>, provider config mode <b>" + esc(s.providerConfigMode().wireName()) + "</b>.</p>"
        + "<ul><li><a href=\"/api/v1/providers\">Providers (JSON)</a></li>"
        + "<li><a href=\"/api/v1/runtime-config\">Runtime config (JSON)</a></li>"
        + "<li><a href=\"/readyz\">Health</a></li><li><a href=\"/metrics\">Metrics</a></li></ul></body></html>";
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html);
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
