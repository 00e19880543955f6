package io.spanflow.allinone;

import io.spanflow.runtime.Application;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.util.function.Supplier;

/**
 * A component's application that is built only when it starts, because its flags (the broker's
 * address, Elasticsearch's URL) are known only once the components before it are up.
 */
final class DeferredApplication implements Component {

  private final String name;
  private final Supplier<Application> factory;
  private volatile Application application;

  DeferredApplication(String name, Supplier<Application> factory) {
    this.name = name;
    this.factory = factory;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start() throws Exception {
    Application created = factory.get();
    application = created;
    created.start();
  }

  @Override
  public CheckResult check() {
    Application current = application;
    return current == null ? CheckResult.failed("not started") : current.check();
  }

  @Override
  public void close() {
    Application current = application;
    if (current != null) {
      current.close();
    }
  }
}
