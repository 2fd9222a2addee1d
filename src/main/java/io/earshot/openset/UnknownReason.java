package io.earshot.openset;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a prediction abstained ({@code predicted_class: null}), in the order the rules apply. */
public enum UnknownReason {
  /** No frame of the clip rises above the noise floor. */
  SILENT,
  /** The clip's features are unlike every class the model was trained on. */
  NOVEL,
  /** The best class's confidence is below that class's threshold. */
  UNCERTAIN;

  /** The name clients see in {@code unknown_reason}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
