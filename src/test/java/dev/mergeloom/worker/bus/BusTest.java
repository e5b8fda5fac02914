package dev.mergeloom.worker.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request and reply between verticles: objects as they are, failures as raised, on the owner's context. */
class BusTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** An owner of a list that only its own context changes. */
  private static final class Owner extends VerticleBase {
    final List<String> items = new ArrayList<>();
    final List<Thread> seenOn = new ArrayList<>();
    Thread startedOn;

    @Override
    public Future<?> start() {
      startedOn = Thread.currentThread();
      return Future.all(
          Bus.<String>serve(vertx, "test.add", item -> {
            seenOn.add(Thread.currentThread());
            if (item.isBlank()) {
              throw new IllegalArgumentException("item: expected some text");
            }
            if (items.contains(item)) {
              return Future.failedFuture(new Refusal(Refusal.Code.LOGIN_CONFLICT, item + " is there already"));
            }
            items.add(item);
            return Future.succeededFuture(List.copyOf(items));
          }),
          Bus.<Object>serve(vertx, "test.all", ignored -> Future.succeededFuture(Map.of("count", items.size()))));
    }
  }

  @Test
  void answersComeBackAsTheOwnersObjectsAndRunOnItsContext() {
    Bus.install(vertx);
    Owner owner = new Owner();
    vertx.deployVerticle(owner).await();
    List<String> first = Bus.<List<String>>request(vertx, "test.add", "a").await();
    List<String> second = Bus.<List<String>>request(vertx, "test.add", "b").await();
    assertThat(first).containsExactly("a");
    assertThat(second).containsExactly("a", "b");
    assertThat(Bus.<Map<String, Integer>>request(vertx, "test.all", "").await()).containsEntry("count", 2);
    // Each message runs on a duplicate of the verticle's context: the same event-loop thread.
    assertThat(owner.seenOn).hasSize(2).allSatisfy(t -> assertThat(t).isSameAs(owner.startedOn));
    assertThat(owner.startedOn.getName()).startsWith("vert.x-eventloop-thread-");
  }

  @Test
  void aRefusalArrivesAsTheRefusalAndAThrowingHandlerFailsOnlyItsRequest() {
    Bus.install(vertx);
    vertx.deployVerticle(new Owner()).await();
    Bus.request(vertx, "test.add", "a").await();
    assertThatThrownBy(() -> Bus.request(vertx, "test.add", "a").await()).isInstanceOf(Refusal.class)
        .hasMessage("a is there already")
        .satisfies(e -> assertThat(((Refusal) e).code()).isEqualTo(Refusal.Code.LOGIN_CONFLICT));
    assertThatThrownBy(() -> Bus.request(vertx, "test.add", " ").await()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("item: expected some text");
    assertThat(Bus.<List<String>>request(vertx, "test.add", "b").await()).containsExactly("a", "b");
  }

  @Test
  void anAddressNobodyServesFailsAtOnce() {
    Bus.install(vertx);
    assertThatThrownBy(() -> Bus.request(vertx, "test.nobody", "x").await()).isInstanceOf(ReplyException.class)
        .hasMessageContaining("test.nobody");
  }
}
