package io.spanflow.query.storage;

import io.spanflow.query.storage.memory.InMemorySpanStore;

class InMemorySpanReaderTest extends SpanReaderContract {

  private final InMemorySpanStore store = new InMemorySpanStore().writeAll(SearchFixtures.all());

  @Override
  protected SpanReader reader() {
    return store;
  }
}
