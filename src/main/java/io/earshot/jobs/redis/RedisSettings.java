package io.earshot.jobs.redis;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where Redis is and how to talk to it, parsed from one URL:
 *
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]} and {@code rediss://…} (TLS): one server;
 *   <li>{@code redis-sentinel://[:password@]host1:26379,host2:26379/masterName[?tls=true]}:
 *       sentinels that name the master; the client follows failovers;
 *   <li>{@code redis-cluster://[:password@]host1:7000,host2:7001[?tls=true]}: cluster seeds.
 * </ul>
 *
 * <p>Every key starts with {@code keyPrefix}. In a cluster the prefix carries a hash tag, so that
 * the keys one Lua script touches live in one slot: a prefix without one gets it here ({@code
 * earshot:} becomes {@code {earshot}:}, see {@link #hashTagged}); one that has a tag is kept.
 *
 * @param healthInterval time between health pings while Redis is up
 * @param maxBackoff longest wait between reconnect attempts while Redis is down
 */
public record RedisSettings(
    RedisClientType type,
    List<String> endpoints,
    String masterName,
    String password,
    String keyPrefix,
    int maxPoolSize,
    Duration healthInterval,
    Duration maxBackoff) {

  public static final String DEFAULT_PREFIX = "earshot:";

  public RedisSettings {
    if (endpoints == null || endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one Redis endpoint is required");
    }
    endpoints = List.copyOf(endpoints);
    keyPrefix = keyPrefix == null ? DEFAULT_PREFIX : keyPrefix;
    if (type == RedisClientType.CLUSTER) {
      keyPrefix = hashTagged(keyPrefix);
    }
  }

  /**
   * The prefix with a Redis Cluster hash tag: unchanged when it already holds one (a non-empty
   * {@code {…}}, by Redis's rule the part of a key that picks its slot), else its name in braces
   * before the trailing separators ({@code earshot:} → {@code {earshot}:}, {@code app-1} → {@code
   * {app-1}}). Every key of an instance then lands in one slot, so multi-key scripts never fail
   * with CROSSSLOT; the price is that one cluster shard holds all of Earshot's keys.
   *
   * @throws IllegalArgumentException for an empty prefix, which has no name to tag
   */
  public static String hashTagged(String prefix) {
    int open = prefix.indexOf('{');
    int close = open < 0 ? -1 : prefix.indexOf('}', open + 1);
    if (close > open + 1) {
      return prefix;
    }
    int end = prefix.length();
    while (end > 0 && prefix.charAt(end - 1) == ':') {
      end--;
    }
    if (end == 0) {
      throw new IllegalArgumentException(
          "in a Redis Cluster the key prefix needs a name to hash-tag, e.g. 'earshot:', not '"
              + prefix
              + "'");
    }
    return "{" + prefix.substring(0, end) + "}" + prefix.substring(end);
  }

  /**
   * Parses a URL as described above; defaults: prefix "earshot:", pool 8, ping 1 s, backoff 5 s.
   */
  public static RedisSettings fromUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("REDIS_URL is empty");
    }
    String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
    return switch (scheme) {
      case "redis", "rediss", "unix" -> of(RedisClientType.STANDALONE, List.of(url), null, null);
      case "redis-sentinel" -> multiHost(RedisClientType.SENTINEL, url);
      case "redis-cluster" -> multiHost(RedisClientType.CLUSTER, url);
      default ->
          throw new IllegalArgumentException(
              "REDIS_URL must start with redis://, rediss://, redis-sentinel:// or redis-cluster://, got: "
                  + redact(url));
    };
  }

  private static RedisSettings of(
      RedisClientType type, List<String> endpoints, String master, String password) {
    return new RedisSettings(
        type,
        endpoints,
        master,
        password,
        DEFAULT_PREFIX,
        8,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5));
  }

  /** host lists are not valid URIs, so the parts are cut out by hand. */
  private static RedisSettings multiHost(RedisClientType type, String url) {
    String rest = url.substring(url.indexOf("://") + 3);
    String query = "";
    if (rest.contains("?")) {
      query = rest.substring(rest.indexOf('?') + 1);
      rest = rest.substring(0, rest.indexOf('?'));
    }
    String password = null;
    if (rest.contains("@")) {
      String userInfo = rest.substring(0, rest.lastIndexOf('@'));
      password = userInfo.substring(userInfo.indexOf(':') + 1);
      rest = rest.substring(rest.lastIndexOf('@') + 1);
    }
    String master = null;
    if (rest.contains("/")) {
      master = rest.substring(rest.indexOf('/') + 1);
      rest = rest.substring(0, rest.indexOf('/'));
    }
    if (type == RedisClientType.SENTINEL && (master == null || master.isBlank())) {
      throw new IllegalArgumentException(
          "a redis-sentinel:// URL names the master after the hosts, e.g. redis-sentinel://h1:26379,h2:26379/mymaster");
    }
    String nodeScheme = query.contains("tls=true") ? "rediss://" : "redis://";
    List<String> endpoints = new ArrayList<>();
    for (String host : rest.split(",")) {
      if (host.isBlank()) {
        throw new IllegalArgumentException("empty host in Redis URL " + redact(url));
      }
      endpoints.add(URI.create(nodeScheme + host.trim()).toString());
    }
    return of(type, endpoints, master, password);
  }

  public RedisSettings withKeyPrefix(String prefix) {
    return new RedisSettings(
        type, endpoints, masterName, password, prefix, maxPoolSize, healthInterval, maxBackoff);
  }

  public RedisSettings withHealthInterval(Duration interval, Duration backoffCap) {
    return new RedisSettings(
        type, endpoints, masterName, password, keyPrefix, maxPoolSize, interval, backoffCap);
  }

  /** Client options for the command pool. */
  public RedisOptions toOptions() {
    RedisOptions options =
        new RedisOptions().setType(type).setMaxPoolSize(maxPoolSize).setMaxPoolWaiting(256);
    endpoints.forEach(options::addConnectionString);
    if (masterName != null) {
      options.setMasterName(masterName).setAutoFailover(true);
    }
    if (password != null) {
      options.setPassword(password);
    }
    return options;
  }

  /** The first endpoint without credentials, for logs and errors. */
  public String describe() {
    return type.name().toLowerCase(Locale.ROOT) + " " + redact(endpoints.get(0));
  }

  private static String redact(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  @Override
  public String toString() {
    return "RedisSettings[" + describe() + ", prefix=" + keyPrefix + "]";
  }
}
