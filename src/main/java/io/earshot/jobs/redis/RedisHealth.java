package io.earshot.jobs.redis;

/** Whether the last health ping reached Redis. */
public enum RedisHealth {
  UP,
  DOWN
}
