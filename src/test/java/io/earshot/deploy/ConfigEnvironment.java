// SPDX-License-Identifier: GPL-3.0-or-later
package io.earshot.deploy;

import io.earshot.config.EarshotConfig;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment variables Earshot reads, taken from the code rather than a list kept by hand:
 * {@link EarshotConfig#load(Path, Map)} is given an environment that records every name it is asked
 * for. Deployment files may set these and the JVM's own variables, nothing else.
 */
final class ConfigEnvironment {
  /** Read by the JVM itself (the image sets it), or naming the file the rest comes from. */
  private static final Set<String> OUTSIDE_THE_CONFIG =
      Set.of("JAVA_TOOL_OPTIONS", "EARSHOT_CONFIG");

  private ConfigEnvironment() {}

  static Set<String> names() {
    Set<String> asked = new TreeSet<>();
    Map<String, String> recording =
        new AbstractMap<>() {
          @Override
          public String get(Object key) {
            asked.add((String) key);
            return null;
          }

          @Override
          public Set<Entry<String, String>> entrySet() {
            return Set.of();
          }
        };
    EarshotConfig.load(Path.of("no-such-config.json"), recording);
    asked.addAll(OUTSIDE_THE_CONFIG);
    return asked;
  }
}
