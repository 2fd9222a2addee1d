package io.earshot.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.RedisClusterExtension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two-instance scenarios of {@link TwoInstancesTest} — upload, retrain, activation both ways,
 * and a job taken over from an instance that stops — on a real six-node Redis Cluster, with the
 * default key prefix: the one that used to fail every job with CROSSSLOT.
 *
 * <p>(The superclass's standalone Redis still starts for this class, unused: JUnit registers
 * inherited static extensions.)
 */
class RedisClusterTest extends TwoInstancesTest {
  @RegisterExtension static RedisClusterExtension cluster = new RedisClusterExtension();

  /** The default prefix is shared by every test here, so each starts on an empty cluster. */
  @BeforeEach
  void emptyCluster() throws InterruptedException {
    cluster.flushAll();
  }

  /** Proof the tag is there: every key the scenario wrote sits under {@code {earshot}:}. */
  @AfterEach
  void everyKeyIsUnderTheHashTaggedDefaultPrefix() {
    List<String> keys = cluster.keys();
    assertFalse(keys.isEmpty(), "the scenario wrote to the cluster");
    assertTrue(keys.stream().allMatch(k -> k.startsWith("{earshot}:")), keys.toString());
  }

  @Override
  String redisUrl() {
    return cluster.url();
  }

  @Override
  Optional<String> keyPrefix() {
    return Optional.empty();
  }
}
