package io.earshot.jobs.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

  @Test
  void plainUrlIsOneServerWithTheDefaultPrefix() {
    RedisSettings settings = RedisSettings.fromUrl("redis://127.0.0.1:6379/2");
    assertEquals(RedisClientType.STANDALONE, settings.type());
    assertEquals(List.of("redis://127.0.0.1:6379/2"), settings.endpoints());
    assertEquals("earshot:", settings.keyPrefix());
    assertNull(settings.masterName());
  }

  @Test
  void tlsUrlIsPassedThrough() {
    assertEquals(
        List.of("rediss://:pw@cache.example:6380"),
        RedisSettings.fromUrl("rediss://:pw@cache.example:6380").endpoints());
  }

  @Test
  void sentinelUrlNamesTheSentinelsAndTheMaster() {
    RedisSettings settings =
        RedisSettings.fromUrl("redis-sentinel://:secret@s1:26379,s2:26380/mymaster");
    assertEquals(RedisClientType.SENTINEL, settings.type());
    assertEquals(List.of("redis://s1:26379", "redis://s2:26380"), settings.endpoints());
    assertEquals("mymaster", settings.masterName());
    RedisOptions options = settings.toOptions();
    assertEquals("secret", options.getPassword());
    assertEquals("mymaster", options.getMasterName());
    assertTrue(options.isAutoFailover());
  }

  @Test
  void clusterUrlListsTheSeedsWithTlsWhenAsked() {
    RedisSettings settings = RedisSettings.fromUrl("redis-cluster://n1:7000,n2:7001?tls=true");
    assertEquals(RedisClientType.CLUSTER, settings.type());
    assertEquals(List.of("rediss://n1:7000", "rediss://n2:7001"), settings.endpoints());
    assertEquals(RedisClientType.CLUSTER, settings.toOptions().getType());
  }

  @Test
  void inAClusterThePrefixGetsAHashTagUnlessItHasOne() {
    RedisSettings cluster = RedisSettings.fromUrl("redis-cluster://n1:7000");
    assertEquals("{earshot}:", cluster.keyPrefix(), "the default prefix, tagged");
    assertEquals("{app-1}", cluster.withKeyPrefix("app-1").keyPrefix());
    assertEquals("{a:b}::", cluster.withKeyPrefix("a:b::").keyPrefix());
    assertEquals("{x}:", cluster.withKeyPrefix("{x}:").keyPrefix(), "an explicit tag is kept");
    assertEquals("app:{x}:", cluster.withKeyPrefix("app:{x}:").keyPrefix());
    assertEquals(
        "{{}}:", cluster.withKeyPrefix("{}:").keyPrefix(), "'{}' is no tag: Redis hashes it all");
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> cluster.withKeyPrefix(":"));
    assertTrue(empty.getMessage().contains("needs a name"), empty.getMessage());
  }

  @Test
  void outsideAClusterThePrefixIsKeptAsGiven() {
    assertEquals("earshot:", RedisSettings.fromUrl("redis://h:1").keyPrefix());
    assertEquals(
        "earshot:",
        RedisSettings.fromUrl("redis-sentinel://s1:26379/m").withKeyPrefix("earshot:").keyPrefix());
    assertEquals("", RedisSettings.fromUrl("redis://h:1").withKeyPrefix("").keyPrefix());
  }

  @Test
  void badUrlsAreRefusedWithoutLeakingPasswords() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class, () -> RedisSettings.fromUrl("http://user:hunter2@h:1"));
    assertFalse(unknown.getMessage().contains("hunter2"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RedisSettings.fromUrl(" "));
    assertThrows(
        IllegalArgumentException.class, () -> RedisSettings.fromUrl("redis-sentinel://s1:26379"));
    assertThrows(
        IllegalArgumentException.class,
        () -> RedisSettings.fromUrl("redis-cluster://n1:7000,,n2:7001"));
    assertFalse(RedisSettings.fromUrl("redis://u:hunter2@h:1").toString().contains("hunter2"));
  }
}
