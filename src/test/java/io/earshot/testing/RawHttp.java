package io.earshot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Reading a server's answer off a plain socket, for tests that must send what no client would. */
public final class RawHttp {
  private RawHttp() {}

  /**
   * Everything the server sends until it closes the connection (a reset after the answer ends the
   * reading too); fails when the server keeps it open past the socket's timeout.
   */
  public static String readAll(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    byte[] chunk = new byte[4096];
    try {
      for (int n; (n = in.read(chunk)) > 0; ) {
        text.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open: " + text, e);
    } catch (IOException reset) {
      // reset after the answer: what was read is what counts
    }
    return text.toString();
  }

  /** One response's status line and headers, read a byte at a time up to the blank line. */
  public static String readHead(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    while (!text.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      text.append((char) b);
    }
    return text.toString();
  }
}
