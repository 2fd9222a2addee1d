package io.earshot.pipeline;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A dataset as a tar: {@code manifest.json} at the root, then one {@code <label>/<file>} entry per
 * clip, the layout {@code train --data} reads once unpacked. Written and read as streams (one
 * entry's bytes at a time), never whole in memory. Plain Java and blocking: call on a worker
 * thread.
 *
 * <p>Reading is strict, because a tar comes from outside: every entry is a regular file directly
 * inside a folder named by a valid label, or the manifest; anything else (a path that climbs out,
 * an absolute path, a link, a file at the root or two folders deep, a file over the size limit)
 * refuses the whole archive before anything is stored. Entry names are never used as paths: clips
 * are unpacked under numbered names in a staging folder.
 */
public final class DatasetArchive {
  private static final int GZIP_MAGIC = 0x1f8b;

  /** Where a readable clip is listed: hidden files ({@code .DS_Store}, {@code ._x}) are skipped. */
  private static final String HIDDEN = ".";

  private DatasetArchive() {}

  /** One file to write: its name in the archive and where it is. */
  public record Entry(String name, Path file) {}

  /**
   * One clip read from an archive.
   *
   * @param staged the clip's bytes, unpacked
   * @param entry its name in the archive ({@code label/file})
   */
  public record Clip(Path staged, String entry, String label) {
    /** The name the clip was given: the file part of its entry. */
    public String filename() {
      return entry.substring(entry.indexOf('/') + 1);
    }
  }

  /**
   * What an archive held.
   *
   * @param manifest the manifest's bytes; empty when the archive has none
   */
  public record Unpacked(List<Clip> clips, byte[] manifest) {
    public Unpacked {
      clips = List.copyOf(clips);
    }
  }

  /** An archive refused: the reason names the entry and what to do. */
  public static final class BadArchiveException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean tooLarge;

    BadArchiveException(String reason, boolean tooLarge) {
      super(reason);
      this.tooLarge = tooLarge;
    }

    /** True when an entry is over the size limit, false for an archive of the wrong shape. */
    public boolean tooLarge() {
      return tooLarge;
    }
  }

  /**
   * Writes the manifest (when given) and then each entry whose file can still be opened; a file
   * gone since it was listed (its clip deleted meanwhile) is left out.
   *
   * @return the entries written, in order
   */
  public static List<String> write(
      OutputStream out, byte[] manifest, Instant modified, List<Entry> entries) throws IOException {
    List<String> written = new ArrayList<>(entries.size());
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      if (manifest != null) {
        TarArchiveEntry entry = new TarArchiveEntry(DatasetManifest.NAME);
        entry.setSize(manifest.length);
        entry.setModTime(FileTime.from(modified));
        tar.putArchiveEntry(entry);
        tar.write(manifest);
        tar.closeArchiveEntry();
      }
      for (Entry file : entries) {
        if (copy(tar, file)) {
          written.add(file.name());
        }
      }
      tar.finish();
    }
    return written;
  }

  private static boolean copy(TarArchiveOutputStream tar, Entry file) throws IOException {
    SeekableByteChannel channel;
    try {
      channel = Files.newByteChannel(file.file());
    } catch (NoSuchFileException gone) {
      return false;
    }
    try (InputStream in = Channels.newInputStream(channel)) {
      TarArchiveEntry entry = new TarArchiveEntry(file.name());
      entry.setSize(channel.size());
      entry.setModTime(Files.getLastModifiedTime(file.file()));
      tar.putArchiveEntry(entry);
      in.transferTo(tar);
      tar.closeArchiveEntry();
      return true;
    }
  }

  /**
   * A training folder (one sub-folder per class, and the manifest of an export when it is at the
   * root) as an archive.
   */
  public static List<String> pack(Path folder, OutputStream out) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (LabeledFile file : FolderDataset.scan(folder)) {
      entries.add(new Entry(file.label() + "/" + file.path().getFileName(), file.path()));
    }
    Path manifest = folder.resolve(DatasetManifest.NAME);
    byte[] bytes = Files.isRegularFile(manifest) ? Files.readAllBytes(manifest) : null;
    return write(out, bytes, Instant.now(), entries);
  }

  /**
   * Reads an archive (plain or gzip-compressed), unpacking its clips into {@code staging}.
   *
   * @param maxClipBytes the largest clip taken (the manifest is held to the same)
   * @throws BadArchiveException for anything but a well-formed dataset archive; what was unpacked
   *     stays in {@code staging} for the caller to delete
   */
  public static Unpacked unpack(InputStream in, Path staging, long maxClipBytes)
      throws IOException, BadArchiveException {
    List<Clip> clips = new ArrayList<>();
    int entries = 0;
    byte[] manifest = null;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(in))) {
      TarArchiveEntry entry;
      while ((entry = next(tar, entries == 0)) != null) {
        entries++;
        String name = EntryNames.normalize(entry.getName());
        if (entry.isDirectory()) {
          EntryNames.checkFolder(name);
          continue;
        }
        if (!entry.isFile() || entry.isLink() || entry.isSymbolicLink()) {
          throw bad("entry '" + name + "' is not a regular file: links and devices are refused");
        }
        EntryNames.Kind kind = EntryNames.classify(name);
        if (kind == EntryNames.Kind.SKIPPED) {
          continue;
        }
        if (entry.getSize() > maxClipBytes) {
          throw new BadArchiveException(
              "entry '"
                  + name
                  + "' is "
                  + entry.getSize()
                  + " bytes, over the "
                  + maxClipBytes
                  + " bytes a clip may be (max_upload_bytes); leave it out or split it",
              true);
        }
        if (kind == EntryNames.Kind.MANIFEST) {
          manifest = read(tar);
        } else {
          Path staged = staging.resolve(clips.size() + ".clip");
          unpackEntry(tar, staged, name);
          clips.add(new Clip(staged, name, name.substring(0, name.indexOf('/'))));
        }
      }
    }
    if (entries == 0) {
      throw bad(
          "the body is an empty tar archive or not a tar archive at all: send the file GET"
              + " /api/v1/datasets/export gives, or a tar of label/clip files (tar -cf data.tar -C"
              + " DIR .)");
    }
    if (clips.isEmpty()) {
      throw bad(
          "the archive holds no clips: put each clip in a folder named after its class"
              + " (bird/robin1.wav)");
    }
    return new Unpacked(clips, manifest);
  }

  private static TarArchiveEntry next(TarArchiveInputStream tar, boolean first)
      throws BadArchiveException {
    try {
      return tar.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw bad(
          (first ? "the body is not a tar archive (" : "the archive is damaged or cut short (")
              + e.getMessage()
              + "): send the whole file GET /api/v1/datasets/export gives, or a tar of"
              + " label/clip files");
    }
  }

  /**
   * The entry's bytes into {@code staged}: a failure to read is the archive's (cut short), a
   * failure to write is this instance's.
   */
  private static void unpackEntry(TarArchiveInputStream tar, Path staged, String name)
      throws IOException, BadArchiveException {
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(staged)) {
      while (true) {
        int n;
        try {
          n = tar.read(buffer);
        } catch (IOException e) {
          throw bad("the archive is cut short inside '" + name + "'; send the whole file");
        }
        if (n < 0) {
          return;
        }
        out.write(buffer, 0, n);
      }
    }
  }

  private static byte[] read(TarArchiveInputStream tar) throws BadArchiveException {
    try {
      return tar.readAllBytes();
    } catch (IOException e) {
      throw bad("the archive is cut short inside manifest.json; send the whole file");
    }
  }

  private static InputStream maybeGunzip(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw);
    in.mark(2);
    int magic = (in.read() << 8) | in.read();
    in.reset();
    return magic == GZIP_MAGIC ? new GZIPInputStream(in) : in;
  }

  static BadArchiveException bad(String reason) {
    return new BadArchiveException(reason, false);
  }

  /** The rules an entry's name meets, apart so they read as a list. */
  static final class EntryNames {
    enum Kind {
      CLIP,
      MANIFEST,
      SKIPPED
    }

    private EntryNames() {}

    /** Without the leading {@code ./} that {@code tar -C DIR .} writes, nor a trailing slash. */
    static String normalize(String raw) {
      String name = raw;
      while (name.startsWith("./")) {
        name = name.substring(2);
      }
      return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    static void checkFolder(String name) throws BadArchiveException {
      if (name.isEmpty() || name.equals(".")) {
        return;
      }
      checkPath(name);
      if (name.contains("/")) {
        throw bad(
            "folder '"
                + name
                + "' is nested: an archive holds one folder per class, with the clips directly"
                + " inside");
      }
      checkLabel(name, name);
    }

    static Kind classify(String name) throws BadArchiveException {
      checkPath(name);
      String[] parts = name.split("/", -1);
      if (parts.length == 1) {
        if (name.equals(DatasetManifest.NAME)) {
          return Kind.MANIFEST;
        }
        if (name.startsWith(HIDDEN)) {
          return Kind.SKIPPED;
        }
        throw bad(
            "entry '"
                + name
                + "' is outside a label folder: put each clip in a folder named after its class"
                + " (bird/"
                + name
                + ")");
      }
      if (parts.length > 2) {
        throw bad(
            "entry '"
                + name
                + "' is more than one folder deep: an archive holds label/clip files only");
      }
      if (parts[1].startsWith(HIDDEN)) {
        return Kind.SKIPPED;
      }
      checkLabel(parts[0], name);
      return Kind.CLIP;
    }

    private static void checkPath(String name) throws BadArchiveException {
      if (name.startsWith("/") || name.contains("\\") || name.contains("\0")) {
        throw bad(
            "entry '"
                + name
                + "' has an absolute or unsafe path: entries are relative, label/clip names");
      }
      for (String part : name.split("/", -1)) {
        if (part.equals("..") || part.equals(".") || part.isEmpty()) {
          throw bad(
              "entry '"
                  + name
                  + "' climbs out of the archive or has an empty part ('..', '.', '//'): entries"
                  + " are label/clip names; nothing was stored");
        }
      }
    }

    private static void checkLabel(String label, String name) throws BadArchiveException {
      if (!ClipIngest.LABEL.matcher(label).matches()) {
        throw bad(
            "entry '"
                + name
                + "': folder '"
                + label
                + "' is not a valid label; name class folders with 1 to 64 letters, digits, '_'"
                + " or '-'");
      }
    }
  }
}
