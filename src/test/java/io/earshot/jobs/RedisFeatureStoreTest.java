package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisFeatureStore;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisFeatureStoreTest extends FeatureStoreContract {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final RedisBackEnd backEnd = new RedisBackEnd();

  @Override
  Future<FeatureStore> createStore(Vertx vertx) {
    return backEnd.start(vertx, redis).map(RedisFeatureStore::new);
  }

  @Override
  Future<Void> closeBackEnd() {
    return backEnd.close();
  }

  /** Writes a clip the way the version before the listings did (put-sample.lua of then). */
  private void putAsEarlierVersion(int n, String label, long at) throws Exception {
    RedisConnector redis = backEnd.connector();
    String p = redis.keyPrefix();
    await(
        redis.batch(
            List.of(
                Request.cmd(Command.HSET)
                    .arg(p + "sample:" + sha(n))
                    .arg("label")
                    .arg(label)
                    .arg("schema")
                    .arg("s1")
                    .arg("features")
                    .arg(FeatureCodec.encode(new float[] {n}))
                    .arg("filename")
                    .arg("clip" + n + ".wav")
                    .arg("at")
                    .arg(at),
                Request.cmd(Command.SADD).arg(p + "samples:schema:s1").arg(sha(n)),
                Request.cmd(Command.HINCRBY).arg(p + "samples:counts").arg(label).arg(1),
                Request.cmd(Command.INCR).arg(p + "samples:added"))));
  }

  @Test
  void clipsOfAnEarlierVersionAreListedOnceAndKeepTheirTrainingMark() throws Exception {
    for (int i = 0; i < 3; i++) {
      putAsEarlierVersion(i, i == 2 ? "dog" : "bird", AT.toEpochMilli() + i);
    }
    await(
        backEnd
            .connector()
            .send(
                Request.cmd(Command.SET)
                    .arg(backEnd.connector().keyPrefix() + "samples:trained")
                    .arg(2)));
    assertEquals(0, await(store.clips(null, 0, 10)).total(), "not listed before");

    assertEquals(3L, await(store.indexEarlierClips("s1")));

    assertEquals(
        List.of(sha(2), sha(1), sha(0)),
        await(store.clips(null, 0, 10)).items().stream().map(SampleInfo::sha256).toList());
    assertEquals(List.of(sha(2)), await(store.clipsLabelled("dog")));
    assertEquals(1L, await(store.countSinceLastTraining()), "the clip the last training missed");
    assertTrue(await(store.info(sha(0))).orElseThrow().trained());
    assertEquals(0L, await(store.indexEarlierClips("s1")), "once");
    assertEquals(Optional.of("dog"), await(store.relabel(sha(2), "cat")));
    assertEquals(List.of(sha(2)), await(store.delete(List.of(sha(2)))));
    assertEquals(Map.of("bird", 2L), await(store.counts()));
  }
}
