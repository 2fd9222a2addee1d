package io.earshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.pipeline.DatasetArchive.BadArchiveException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset archives written and read without a server: the layout and every refusal. */
class DatasetArchiveTest {
  private static final long MAX = 1_000;
  private static final byte[] A = "clip a".getBytes(StandardCharsets.UTF_8);
  private static final byte[] B = "clip b".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void whatIsWrittenIsReadBackWithItsLabelsAndTheManifest() throws Exception {
    Path a = Files.write(dir.resolve("a.wav"), A);
    Path b = Files.write(dir.resolve("b.wav"), B);
    String longLabel = "l".repeat(64);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> written =
        DatasetArchive.write(
            out,
            "{}".getBytes(StandardCharsets.UTF_8),
            Instant.EPOCH,
            List.of(
                new DatasetArchive.Entry("bird/" + "a".repeat(64) + ".wav", a),
                new DatasetArchive.Entry(longLabel + "/" + "b".repeat(64) + ".wav", b),
                new DatasetArchive.Entry("bird/gone.wav", dir.resolve("gone.wav"))));
    assertEquals(2, written.size(), "a file deleted since it was listed is left out");

    DatasetArchive.Unpacked unpacked = unpack(out.toByteArray());
    assertEquals("{}", new String(unpacked.manifest(), StandardCharsets.UTF_8));
    assertEquals(2, unpacked.clips().size());
    assertEquals("bird", unpacked.clips().get(0).label());
    assertArrayEquals(A, Files.readAllBytes(unpacked.clips().get(0).staged()));
    assertEquals(longLabel, unpacked.clips().get(1).label(), "names past 100 characters survive");
    assertEquals("b".repeat(64) + ".wav", unpacked.clips().get(1).filename());
    assertArrayEquals(B, Files.readAllBytes(unpacked.clips().get(1).staged()));
  }

  @Test
  void anUnpackedExportIsATrainingFolderWhoseManifestIsNoClass() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(folder.resolve("bird"));
    Files.createDirectories(folder.resolve("dog"));
    Files.write(folder.resolve("bird/" + "a".repeat(64) + ".wav"), A);
    Files.write(folder.resolve("dog/" + "b".repeat(64) + ".mp3"), B);
    Files.writeString(folder.resolve(DatasetManifest.NAME), "{\"items\": []}");

    List<LabeledFile> files = FolderDataset.scan(folder);
    assertEquals(List.of("bird", "dog"), files.stream().map(LabeledFile::label).toList());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DatasetArchive.pack(folder, out);
    DatasetArchive.Unpacked unpacked = unpack(out.toByteArray());
    assertEquals(
        List.of("bird/" + "a".repeat(64) + ".wav", "dog/" + "b".repeat(64) + ".mp3"),
        unpacked.clips().stream().map(DatasetArchive.Clip::entry).toList());
    assertEquals("{\"items\": []}", new String(unpacked.manifest(), StandardCharsets.UTF_8));
  }

  @Test
  void tarsOfAFolderWithDotSlashNamesHiddenFilesAndGzipAreRead() throws Exception {
    byte[] tar =
        tar(
            new Item("./", null),
            new Item("./bird/", null),
            new Item("./bird/a.wav", A),
            new Item("./bird/._a.wav", B),
            new Item("./.DS_Store", B));
    DatasetArchive.Unpacked plain = unpack(tar);
    assertEquals(List.of("bird/a.wav"), plain.clips().stream().map(c -> c.entry()).toList());
    assertNull(plain.manifest());

    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
      zip.write(tar);
    }
    assertEquals(1, unpack(gz.toByteArray()).clips().size());
  }

  @Test
  void everyEntryOutOfShapeRefusesTheWholeArchive() throws Exception {
    assertRefused("climbs out", new Item("bird/a.wav", A), new Item("bird/../../x.wav", A));
    assertRefused("absolute", new Item("/etc/bird/a.wav", A));
    assertRefused("outside a label folder", new Item("a.wav", A));
    assertRefused("more than one folder deep", new Item("bird/x/a.wav", A));
    assertRefused("nested", new Item("bird/x/", null));
    assertRefused("not a valid label", new Item("b ird/a.wav", A));
    assertRefused("not a regular file", symlink("bird/link.wav", "/etc/passwd"));
    assertRefused("empty tar archive", "garbage".getBytes(StandardCharsets.UTF_8));
    assertRefused("not a tar archive", "x".repeat(2048).getBytes(StandardCharsets.UTF_8));
    assertRefused("no clips", new Item("bird/", null));
  }

  @Test
  void aClipOverTheLimitIsRefusedAsTooLarge() throws Exception {
    BadArchiveException e =
        assertThrows(
            BadArchiveException.class,
            () -> unpack(tar(new Item("bird/big.wav", new byte[(int) MAX + 1]))));
    assertTrue(e.tooLarge());
    assertTrue(e.getMessage().contains("bird/big.wav"), e.getMessage());
    BadArchiveException shape =
        assertThrows(BadArchiveException.class, () -> unpack(tar(new Item("a.wav", A))));
    assertFalse(shape.tooLarge());
  }

  private void assertRefused(String reason, Item... items) throws IOException {
    assertRefused(reason, tar(items));
  }

  private void assertRefused(String reason, byte[] archive) {
    BadArchiveException e = assertThrows(BadArchiveException.class, () -> unpack(archive));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  private DatasetArchive.Unpacked unpack(byte[] archive) throws Exception {
    Path staging = Files.createTempDirectory(dir, "staging");
    return DatasetArchive.unpack(new ByteArrayInputStream(archive), staging, MAX);
  }

  /** One entry: a folder when {@code bytes} is null. */
  private record Item(String name, byte[] bytes) {}

  private static byte[] symlink(String name, String target) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
      entry.setLinkName(target);
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
    }
    return out.toByteArray();
  }

  private static byte[] tar(Item... items) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (Item item : items) {
        TarArchiveEntry entry = new TarArchiveEntry(item.name(), true);
        if (item.bytes() != null) {
          entry.setSize(item.bytes().length);
        }
        tar.putArchiveEntry(entry);
        if (item.bytes() != null) {
          tar.write(item.bytes());
        }
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }
}
