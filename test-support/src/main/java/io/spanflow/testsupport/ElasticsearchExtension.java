package io.spanflow.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the {@link SharedElasticsearch} node before the test class runs and injects an {@link
 * ElasticsearchHandle} into test constructors, lifecycle methods and test methods:
 *
 * <pre>{@code
 * @ExtendWith(ElasticsearchExtension.class)
 * class MyIT {
 *   @Test
 *   void works(ElasticsearchHandle es) { ... es.httpUrl() ... }
 * }
 * }</pre>
 */
public final class ElasticsearchExtension implements BeforeAllCallback, ParameterResolver {

  @Override
  public void beforeAll(ExtensionContext context) {
    SharedElasticsearch.httpUrl();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ElasticsearchHandle.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return SharedElasticsearch.handle();
  }
}
