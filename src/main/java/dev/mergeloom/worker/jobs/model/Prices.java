package dev.mergeloom.worker.jobs.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Cost estimates from the price table {@code conf/model-prices.properties} (US dollars per
 * million input and output tokens, by model id or model id prefix). An unknown model has no
 * estimate rather than a wrong one.
 */
public final class Prices {
  private final Map<String, BigDecimal[]> table;

  private Prices(Map<String, BigDecimal[]> table) {
    this.table = table;
  }

  public static Prices load() {
    Properties p = new Properties();
    try (InputStream in = Prices.class.getResourceAsStream("/conf/model-prices.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, BigDecimal[]> table = new HashMap<>();
    p.forEach((k, v) -> {
      String[] parts = String.valueOf(v).split(",");
      table.put(String.valueOf(k), new BigDecimal[] {new BigDecimal(parts[0].trim()), new BigDecimal(parts[1].trim())});
    });
    return new Prices(table);
  }

  /** Dollars for the tokens, or null when the model is not in the table. */
  public BigDecimal estimate(String model, long inputTokens, long outputTokens) {
    if (model == null) {
      return null;
    }
    BigDecimal[] price = table.get(model);
    if (price == null) {
      price = table.entrySet().stream().filter(e -> model.startsWith(e.getKey()))
          .max(java.util.Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue).orElse(null);
    }
    if (price == null) {
      return null;
    }
    return price[0].multiply(BigDecimal.valueOf(inputTokens)).add(price[1].multiply(BigDecimal.valueOf(outputTokens)))
        .divide(BigDecimal.valueOf(1_000_000), 6, RoundingMode.HALF_UP);
  }
}
