package io.spanflow.embedded.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticsearchDistributionTest {

  @TempDir Path tmp;

  @AfterEach
  void clearProperty() {
    System.clearProperty(ElasticsearchDistribution.HOME_PROPERTY);
  }

  @Test
  void locate_findsTheDistributionTheBuildUnpacked() {
    ElasticsearchDistribution distribution = ElasticsearchDistribution.locate();

    assertThat(distribution.home()).isAbsolute();
    assertThat(distribution.lib().resolve("elasticsearch-8.19.21.jar")).isRegularFile();
    assertThat(distribution.config().resolve("log4j2.properties")).isRegularFile();
  }

  @Test
  void locate_prefersTheSystemProperty() throws Exception {
    for (String part : new String[] {"lib", "modules", "config"}) {
      Files.createDirectories(tmp.resolve(part));
    }
    System.setProperty(ElasticsearchDistribution.HOME_PROPERTY, tmp.toString());

    assertThat(ElasticsearchDistribution.locate().home()).isEqualTo(tmp.toAbsolutePath());
  }

  @Test
  void at_rejectsADirectoryThatIsNoDistributionAndSaysHowToFixIt() {
    assertThatThrownBy(() -> ElasticsearchDistribution.at(tmp))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(tmp.toString())
        .hasMessageContaining(ElasticsearchDistribution.HOME_PROPERTY);
  }

  @Test
  void builder_rejectsMalformedHeapAndPorts() {
    assertThatThrownBy(() -> ElasticsearchNode.builder().heap("lots"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ElasticsearchNode.builder().httpPort(70000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nodeIsUnhealthyBeforeStart() {
    ElasticsearchNode node = ElasticsearchNode.builder().name("idle").build();

    assertThat(node.check().healthy()).isFalse();
    assertThat(node.check().reason()).isEqualTo("idle is not started");
    node.close(); // closing a never-started node is fine
  }
}
