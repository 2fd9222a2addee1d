package io.earshot.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Resolves port 0 ("any free port", used by tests) to one concrete port, so that every HTTP
 * verticle instance binds the same one and shares it.
 */
final class ProbePort {
  private final int port;

  ProbePort(int requested) {
    this.port = requested != 0 ? requested : freePort();
  }

  int port() {
    return port;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
