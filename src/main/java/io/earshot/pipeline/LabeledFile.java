package io.earshot.pipeline;

import java.nio.file.Path;

/** An audio file in a training folder, labelled by the name of its sub-folder. */
public record LabeledFile(Path path, String label) {}
