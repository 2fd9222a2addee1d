package io.earshot.jobs.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.jobs.StoreUnavailableException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class RedisFailuresTest {

  @Test
  void aRedisThatIsAwayIsUnavailable() {
    assertTrue(RedisFailures.unreachable(new ConnectException("Connection refused")));
    assertTrue(RedisFailures.unreachable(new SocketException("Connection reset")));
    assertTrue(RedisFailures.unreachable(ErrorType.create("CONNECTION_CLOSED")));
    assertTrue(RedisFailures.unreachable(ErrorType.create("ERR [0] CONNECTION_CLOSED")));
    assertTrue(
        RedisFailures.unreachable(
            ErrorType.create("LOADING Redis is loading the dataset in memory")));
    assertTrue(
        RedisFailures.unreachable(new RuntimeException("wrapped", new ConnectException("no"))));
  }

  @Test
  void anErrorReplyIsNotUnavailability() {
    assertFalse(
        RedisFailures.unreachable(
            ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value")));
    assertFalse(RedisFailures.unreachable(ErrorType.create("ERR WRONG_STATE running")));
    assertFalse(RedisFailures.unreachable(ErrorType.create("NOSCRIPT No matching script.")));
    assertFalse(RedisFailures.unreachable(new IllegalStateException("a bug of ours")));
  }

  @Test
  void classifyWrapsOnlyUnavailability() {
    Throwable refused = new ConnectException("Connection refused");
    assertInstanceOf(StoreUnavailableException.class, RedisFailures.classify(refused));
    Throwable reply = ErrorType.create("ERR WRONG_STATE running");
    assertSame(reply, RedisFailures.classify(reply), "error replies keep their message and type");
  }
}
