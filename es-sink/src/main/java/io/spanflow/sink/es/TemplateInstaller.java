package io.spanflow.sink.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.GetIndexTemplateResponse;
import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexTemplates;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the composable index templates of every {@link IndexFamily}. Idempotent: a template
 * whose installed {@code version} is the shipped one or newer is left alone, so several sinks can
 * start at once and an operator's newer template is not overwritten.
 */
public final class TemplateInstaller {

  private static final Logger LOG = LoggerFactory.getLogger(TemplateInstaller.class);

  private final ElasticsearchClient client;
  private final IndexTemplates.Options options;

  public TemplateInstaller(ElasticsearchClient client, IndexTemplates.Options options) {
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Installs what is missing or older.
   *
   * @return names of the templates written (empty when all were current)
   */
  public List<String> install() throws IOException {
    List<String> written = new ArrayList<>();
    for (IndexFamily family : IndexFamily.values()) {
      String name = IndexTemplates.templateName(family, options.prefix());
      long shipped = IndexTemplates.version(family);
      Long installed = installedVersion(name);
      if (installed != null && installed >= shipped) {
        LOG.debug("index template {} is at version {}, keeping it", name, installed);
        continue;
      }
      String body = IndexTemplates.render(family, options).toString();
      client.indices().putIndexTemplate(p -> p.name(name).withJson(new StringReader(body)));
      LOG.info("installed index template {} version {} (was {})", name, shipped, installed);
      written.add(name);
    }
    return written;
  }

  private Long installedVersion(String name) throws IOException {
    try {
      GetIndexTemplateResponse response = client.indices().getIndexTemplate(g -> g.name(name));
      if (response.indexTemplates().isEmpty()) {
        return null;
      }
      Long version = response.indexTemplates().get(0).indexTemplate().version();
      return version == null ? 0L : version;
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }
}
