package io.earshot.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body as an {@link OutputStream}, for a worker thread that writes a stream (a dataset
 * archive) with a library that wants one. Bytes go out in chunks of 64 KiB; while the response's
 * write queue is full the writer waits for its last chunk to reach the socket, so a slow client
 * slows the writer down instead of filling the heap. A client that went away, or that reads nothing
 * for {@code stall}, fails the next write. Closing flushes; it does not end the response.
 */
final class ResponseOutputStream extends OutputStream {
  private static final int CHUNK = 64 * 1024;

  private final WriteStream<Buffer> response;
  private final Duration stall;
  private final byte[] buffer = new byte[CHUNK];
  private int count;

  ResponseOutputStream(WriteStream<Buffer> response, Duration stall) {
    this.response = response;
    this.stall = stall;
  }

  @Override
  public void write(int b) throws IOException {
    if (count == CHUNK) {
      flush();
    }
    buffer[count++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    int off = offset;
    int left = length;
    while (left > 0) {
      int n = Math.min(left, CHUNK - count);
      System.arraycopy(bytes, off, buffer, count, n);
      count += n;
      off += n;
      left -= n;
      if (count == CHUNK) {
        flush();
      }
    }
  }

  @Override
  public void flush() throws IOException {
    if (count == 0) {
      return;
    }
    Future<Void> written;
    try {
      // a copy: Buffer.buffer wraps the array, which the next chunk overwrites
      written = response.write(Buffer.buffer(Arrays.copyOf(buffer, count)));
    } catch (IllegalStateException closed) {
      throw new IOException("the client went away", closed);
    }
    count = 0;
    if (written.failed()) {
      throw new IOException("the client went away", written.cause());
    }
    if (response.writeQueueFull()) {
      await(written);
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  private void await(Future<Void> written) throws IOException {
    try {
      written
          .toCompletionStage()
          .toCompletableFuture()
          .get(stall.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("the client went away", e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the client read nothing for " + stall.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the client was reading");
    }
  }
}
