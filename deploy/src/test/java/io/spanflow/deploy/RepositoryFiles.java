package io.spanflow.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the folder with compose.yaml) from the test's working directory. */
public final class RepositoryFiles {
  private RepositoryFiles() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve("compose.yaml")) && Files.exists(dir.resolve("mvnw"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no compose.yaml above " + Path.of("").toAbsolutePath());
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
