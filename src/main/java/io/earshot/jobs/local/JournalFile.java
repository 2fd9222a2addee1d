package io.earshot.jobs.local;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file under {@link LocalFeatureStore}: JSON lines appended one change at a time, read back in
 * order, and rewritten whole when the store compacts it. What the lines mean is the store's; this
 * class only keeps each line whole or absent. Blocking: call on a worker thread.
 */
final class JournalFile {
  private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);

  private final Path file;

  JournalFile(Path file) {
    this.file = file;
  }

  /**
   * Hands every readable line to {@code apply}, in order; a line torn by a crash is skipped, and
   * the file made to end with a newline so the next append starts a line of its own. A rewrite a
   * crash left unfinished is dropped: the journal it was to replace is still whole.
   *
   * @return the lines in the file, readable or not
   */
  int replay(Consumer<JsonObject> apply) throws IOException {
    Files.deleteIfExists(rewriting());
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      number++;
      try {
        apply.accept(new JsonObject(line));
      } catch (RuntimeException torn) {
        LOG.warn("skipping unreadable line {} of {}: {}", number, file, torn.getMessage());
      }
    }
    endWithNewline();
    return number;
  }

  void append(JsonObject line) throws IOException {
    Files.writeString(
        file,
        line.encode() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /**
   * Replaces the file with {@code lines}: written and forced to disk beside it, then moved over it
   * in one step, so a crash leaves the old file or the new one, never a mix.
   */
  void rewrite(List<JsonObject> lines) throws IOException {
    Path next = rewriting();
    try (FileChannel channel =
            FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
      for (JsonObject line : lines) {
        out.write(line.encode() + "\n");
      }
      out.flush();
      channel.force(true);
    }
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  Path path() {
    return file;
  }

  private Path rewriting() {
    return file.resolveSibling(file.getFileName() + ".compacting");
  }

  /** After a torn write, start the next line on a line of its own so it is not torn too. */
  private void endWithNewline() throws IOException {
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (channel.size() == 0) {
        return;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.position(channel.size() - 1).read(last);
      if (last.get(0) != '\n') {
        channel.position(channel.size()).write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
    }
  }
}
