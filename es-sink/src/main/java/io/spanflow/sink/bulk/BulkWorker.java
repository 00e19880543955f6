package io.spanflow.sink.bulk;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches the actions of a slice of partitions and writes them, one bulk at a time, so each
 * partition's records reach Elasticsearch in offset order.
 *
 * <p>A batch is sealed at {@link BulkSettings#actions()} actions, {@link BulkSettings#bytes()}
 * bytes, or {@link BulkSettings#flushInterval()} after its first action. Items ES could not take
 * yet (429, 5xx, timeouts, a down cluster) are retried with doubling backoff, forever; while that
 * goes on, sealed batches queue up to {@link BulkSettings#maxPendingBatches()} and then {@link
 * #hasCapacity()} turns false, which makes the consumer pause these partitions. Items refused for
 * good go to the {@link DeadLetterSink}. Only when every item of a batch is stored or dead-lettered
 * are its offsets reported to {@link CompletedOffsets}.
 *
 * <p>Within the open batch a second action for the same index and id replaces the first, so a batch
 * never carries two versions of a document that could land in the wrong order on retry.
 */
public final class BulkWorker {

  private static final Logger LOG = LoggerFactory.getLogger(BulkWorker.class);

  private final String name;
  private final BulkSettings settings;
  private final BulkWriter writer;
  private final DeadLetterSink deadLetters;
  private final CompletedOffsets offsets;
  private final SinkMetrics metrics;

  private final Object lock = new Object();
  private List<BulkAction> open = new ArrayList<>();
  private Map<String, Integer> openIds = new HashMap<>();
  private long openBytes;
  private long openSinceNanos;
  private final ArrayDeque<List<BulkAction>> sealed = new ArrayDeque<>();
  private int queuedActions;
  private boolean busy;
  private volatile boolean stopping;
  private volatile boolean aborted;
  private volatile boolean lastRequestFailed;
  private volatile String lastFailure;
  private Thread thread;

  public BulkWorker(
      String name,
      BulkSettings settings,
      BulkWriter writer,
      DeadLetterSink deadLetters,
      CompletedOffsets offsets,
      SinkMetrics metrics) {
    this.name = Objects.requireNonNull(name, "name");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.offsets = Objects.requireNonNull(offsets, "offsets");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  public void start() {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Adds an action to the open batch (never blocks; back-pressure is {@link #hasCapacity}). */
  public void add(BulkAction action) {
    synchronized (lock) {
      // Wake the worker only when there is something new for it: a first action starts the
      // flush timer, a full batch can go. Waking it per record costs a context switch each.
      boolean wake = open.isEmpty();
      if (wake) {
        openSinceNanos = System.nanoTime();
      }
      if (action.kind() == BulkAction.Kind.INDEX) {
        String key = action.index() + '\u0000' + action.id();
        Integer at = openIds.get(key);
        if (at != null) {
          openBytes -= open.get(at).sizeInBytes();
          // The older version stays counted through the newer one's (higher) offset.
          open.set(at, action);
        } else {
          openIds.put(key, open.size());
          open.add(action);
        }
        openBytes += action.sizeInBytes();
      } else {
        open.add(action);
      }
      if (open.size() >= settings.actions() || openBytes >= settings.bytes()) {
        sealLocked();
        wake = true;
      }
      if (wake) {
        lock.notifyAll();
      }
    }
  }

  /** False while the worker is backed up; the consumer pauses this worker's partitions. */
  public boolean hasCapacity() {
    synchronized (lock) {
      return sealed.size() < settings.maxPendingBatches();
    }
  }

  /** Actions held in memory (open, queued and in flight). */
  public int heldActions() {
    synchronized (lock) {
      return open.size() + queuedActions;
    }
  }

  /** Whether the last bulk request failed as a whole (ES unreachable or overloaded). */
  public boolean failing() {
    return lastRequestFailed;
  }

  public String lastFailure() {
    return lastFailure;
  }

  public boolean alive() {
    return thread != null && thread.isAlive();
  }

  /**
   * Writes what is held, waiting up to {@code timeout}; then gives up on the rest (its offsets stay
   * uncommitted, so it is replayed on the next start).
   */
  public void drain(Duration timeout) {
    stopping = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    if (thread == null) {
      return;
    }
    try {
      thread.join(Math.max(1, timeout.toMillis()));
      if (thread.isAlive()) {
        LOG.warn(
            "{}: gave up on {} held actions at shutdown; they will be replayed",
            name,
            heldActions());
        aborted = true;
        thread.interrupt();
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      aborted = true;
      thread.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  private void sealLocked() {
    if (open.isEmpty()) {
      return;
    }
    sealed.add(open);
    queuedActions += open.size();
    open = new ArrayList<>();
    openIds = new HashMap<>();
    openBytes = 0;
  }

  private void run() {
    try {
      while (true) {
        List<BulkAction> batch;
        synchronized (lock) {
          while (true) {
            if (aborted) {
              return;
            }
            if (!sealed.isEmpty()) {
              batch = sealed.peek();
              break;
            }
            if (!open.isEmpty()) {
              long waitNanos =
                  openSinceNanos + settings.flushInterval().toNanos() - System.nanoTime();
              if (waitNanos <= 0 || stopping) {
                sealLocked();
                continue;
              }
              lock.wait(Math.max(1, waitNanos / 1_000_000));
            } else {
              if (stopping) {
                return;
              }
              lock.wait(1_000);
            }
          }
          busy = true;
        }
        try {
          process(batch);
        } finally {
          synchronized (lock) {
            sealed.poll();
            queuedActions -= batch.size();
            busy = false;
            lock.notifyAll();
          }
        }
      }
    } catch (InterruptedException | Aborted e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("{}: worker died", name, e);
      lastFailure = "worker died: " + e;
    }
  }

  private void process(List<BulkAction> batch) throws InterruptedException {
    List<BulkAction> live = new ArrayList<>(batch.size());
    for (BulkAction a : batch) {
      if (offsets.isCurrent(a.partition(), a.epoch())) {
        live.add(a);
      }
    }
    List<DeadLetter> letters = new ArrayList<>();
    List<BulkAction> toIndex = new ArrayList<>(live.size());
    for (BulkAction a : live) {
      if (a.kind() == BulkAction.Kind.INDEX) {
        toIndex.add(a);
      } else if (a.kind() == BulkAction.Kind.REJECT) {
        letters.add(
            new DeadLetter(a, 0, a.rejectReason(), "record could not be mapped to a document"));
      }
    }
    deliver(toIndex, letters);
    publish(letters);

    Map<TopicPartition, long[]> done = new HashMap<>();
    for (BulkAction a : live) {
      long[] epochAndNext = done.computeIfAbsent(a.partition(), tp -> new long[] {a.epoch(), 0});
      epochAndNext[1] = Math.max(epochAndNext[1], a.offset() + 1);
    }
    done.forEach((tp, en) -> offsets.complete(tp, (int) en[0], en[1]));
  }

  /** Returns once every item is stored or in {@code letters}. */
  private void deliver(List<BulkAction> items, List<DeadLetter> letters)
      throws InterruptedException {
    List<BulkAction> pending = items;
    int attempt = 0;
    while (true) {
      if (aborted) {
        throw new Aborted();
      }
      pending = current(pending);
      if (pending.isEmpty()) {
        return;
      }
      long bytes = pending.stream().mapToLong(BulkAction::sizeInBytes).sum();
      long start = System.nanoTime();
      try {
        List<ItemOutcome> outcomes = writer.write(pending);
        metrics.bulkSent(Duration.ofNanos(System.nanoTime() - start), bytes, "ok");
        lastRequestFailed = false;
        List<BulkAction> retry = new ArrayList<>();
        Map<String, Long> indexed = new HashMap<>();
        String retryStatus = null;
        for (ItemOutcome o : outcomes) {
          switch (o.disposition()) {
            case INDEXED:
              indexed.merge(o.action().familyLabel(), 1L, Long::sum);
              break;
            case RETRY:
              retry.add(o.action());
              retryStatus = o.status() + " " + o.errorType() + ": " + o.reason();
              metrics.retried(o.status() == 429 ? "item_429" : "item_" + o.status(), 1);
              break;
            default:
              letters.add(new DeadLetter(o.action(), o.status(), o.errorType(), o.reason()));
          }
        }
        indexed.forEach(metrics::indexed);
        pending = retry;
        if (!retry.isEmpty()) {
          logRetry(attempt, retry.size() + " items not taken (" + retryStatus + ")");
        }
      } catch (ElasticsearchException e) {
        int status = e.status();
        if (ItemOutcome.classify(status, e.error().type()) == ItemOutcome.Disposition.REJECTED) {
          metrics.bulkSent(Duration.ofNanos(System.nanoTime() - start), bytes, "refused");
          refuse(pending, status, e.error().type(), e.error().reason(), letters);
          return;
        }
        failedRequest(pending, attempt, "status " + status + ": " + e.getMessage(), start, bytes);
      } catch (TransportException e) {
        if (e.statusCode() == 413) {
          metrics.bulkSent(Duration.ofNanos(System.nanoTime() - start), bytes, "refused");
          refuse(pending, 413, "request_entity_too_large", e.getMessage(), letters);
          return;
        }
        failedRequest(pending, attempt, e.toString(), start, bytes);
      } catch (Exception e) {
        if (Thread.currentThread().isInterrupted() && aborted) {
          throw new Aborted();
        }
        failedRequest(pending, attempt, e.toString(), start, bytes);
      }
      if (!pending.isEmpty()) {
        Thread.sleep(settings.backoff(attempt++).toMillis());
      }
    }
  }

  /** A request refused as a whole: split it to find the bad items, dead-letter single ones. */
  private void refuse(
      List<BulkAction> pending, int status, String type, String reason, List<DeadLetter> letters)
      throws InterruptedException {
    if (pending.size() == 1) {
      letters.add(new DeadLetter(pending.get(0), status, type, reason));
      return;
    }
    int half = pending.size() / 2;
    deliver(new ArrayList<>(pending.subList(0, half)), letters);
    deliver(new ArrayList<>(pending.subList(half, pending.size())), letters);
  }

  private void failedRequest(
      List<BulkAction> pending, int attempt, String why, long start, long bytes) {
    metrics.bulkSent(Duration.ofNanos(System.nanoTime() - start), bytes, "failed");
    metrics.retried("request_failed", pending.size());
    lastRequestFailed = true;
    lastFailure = why;
    logRetry(attempt, "bulk of " + pending.size() + " failed (" + why + ")");
  }

  private void publish(List<DeadLetter> letters) throws InterruptedException {
    if (letters.isEmpty()) {
      return;
    }
    int attempt = 0;
    while (true) {
      if (aborted) {
        throw new Aborted();
      }
      try {
        deadLetters.publish(letters);
        for (DeadLetter l : letters) {
          metrics.deadLettered(l.action().familyLabel(), l.reasonLabel());
        }
        LOG.warn(
            "{}: dead-lettered {} records, first: {} {}",
            name,
            letters.size(),
            letters.get(0).errorType(),
            letters.get(0).reason());
        return;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        logRetry(attempt, "dead-letter publish failed (" + e + ")");
        Thread.sleep(settings.backoff(attempt++).toMillis());
      }
    }
  }

  private List<BulkAction> current(List<BulkAction> actions) {
    List<BulkAction> out = actions;
    for (BulkAction a : actions) {
      if (!offsets.isCurrent(a.partition(), a.epoch())) {
        out = new ArrayList<>(actions.size());
        for (BulkAction b : actions) {
          if (offsets.isCurrent(b.partition(), b.epoch())) {
            out.add(b);
          }
        }
        break;
      }
    }
    return out;
  }

  private void logRetry(int attempt, String what) {
    // Log the first attempts and then every power of two, not every backoff step.
    if (attempt < 3 || Integer.bitCount(attempt) == 1) {
      LOG.warn("{}: {}; retry #{} in {}", name, what, attempt + 1, settings.backoff(attempt));
    }
  }

  /** Thrown to unwind when {@link #drain} gave up. */
  private static final class Aborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Aborted() {
      super(null, null, false, false);
    }
  }
}
