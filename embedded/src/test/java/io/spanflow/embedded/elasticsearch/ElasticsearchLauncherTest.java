package io.spanflow.embedded.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElasticsearchLauncherTest {

  @Test
  void launcherIsASingleClassFile_becauseOnlyThatFileIsCopiedToTheChildClassPath() {
    ClassLoader loader = ElasticsearchLauncher.class.getClassLoader();
    String base = ElasticsearchLauncher.class.getName().replace('.', '/');

    assertThat(ElasticsearchLauncher.class.getDeclaredClasses()).isEmpty();
    assertThat(loader.getResource(base + "$1.class")).isNull();
    assertThat(loader.getResource(base + ".class")).isNotNull();
  }
}
