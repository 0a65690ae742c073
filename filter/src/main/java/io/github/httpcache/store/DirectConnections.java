package io.github.httpcache.store;

import io.github.httpcache.config.RedisAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Blocking Redis connections that request threads use themselves, for the commands on a
 * request's path: a lookup's {@code GET}, a fill's registration and its save. Each exchange takes
 * an idle connection (or opens one), writes its commands at once and reads the replies on the same
 * thread. Through Netty, a round trip handed the command to an event loop and the reply back,
 * two thread wake-ups that on these 2-core machines cost more than Redis itself: a {@code GET}
 * after 20 ms of idleness took 0.47 ms at the median through Redisson's connection layer and
 * 0.11 ms here (docs/performance.md). Invalidations, scans and everything else stay on Redisson.
 *
 * <p>Only for a single server the cache connects to itself ({@code redis.url}, with its TLS,
 * credentials and database). Every exchange ends within {@code redis.timeout}: reads wait at most
 * the time left, and a watchdog closes a connection whose exchange overruns (a write to a frozen
 * server would otherwise block). A failed connection is closed, and so are the idle ones, which
 * are likely as dead; an exchange that failed on an idle connection before any reply arrived is
 * tried once more on a new one.
 */
public final class DirectConnections implements AutoCloseable {
  private final RedisAddress address;
  private final long timeoutNanos;
  private final int connectTimeoutMillis;
  private final int maxIdle;
  private final SSLSocketFactory tls;
  private final ConcurrentLinkedDeque<RespConnection> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private final Set<RespConnection> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService watchdog;
  private volatile boolean closed;

  /** The commands of one exchange, appended to the connection that will send them. */
  @FunctionalInterface
  interface Commands {
    void appendTo(RespConnection connection);
  }

  public DirectConnections(RedisAddress address, Duration timeout, Duration connectTimeout, int maxIdle) {
    this.address = address;
    this.timeoutNanos = timeout.toNanos();
    this.connectTimeoutMillis = (int) Math.max(1, connectTimeout.toMillis());
    this.maxIdle = maxIdle;
    this.tls = address.scheme().equals("rediss") ? defaultTrust() : null;
    this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "http-cache-redis-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(5, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4);
    watchdog.scheduleWithFixedDelay(this::closeOverdue, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * What the JVM trusts, read now (as Redisson does for a {@code rediss://} URL naming no trust
   * store), with the host name checked against the server's certificate.
   */
  private static SSLSocketFactory defaultTrust() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init((KeyStore) null);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JVM's default TLS trust could not be loaded", e);
    }
  }

  /** {@code GET key}: the value read into a {@link BodyBuffers} array, or null when there is none. */
  public ReceivedBytes get(String key) {
    Object reply = exchange(connection -> connection.command("GET", key), 1)[0];
    if (reply instanceof RespConnection.ErrorReply error) {
      throw new StoreUnavailableException("GET " + key + " failed: " + error, null);
    }
    return (ReceivedBytes) reply;
  }

  /**
   * Sends {@code commands} in one write and returns their {@code replies} replies in order (error
   * replies as {@link RespConnection.ErrorReply}: Redis answered, the connection stays in step).
   * Throws {@link StoreUnavailableException} when Redis cannot be reached or does not answer
   * within {@code redis.timeout}, connecting included.
   */
  Object[] exchange(Commands commands, int replies) {
    long deadline = System.nanoTime() + timeoutNanos;
    RespConnection connection = idle.pollFirst();
    boolean wasIdle = connection != null;
    if (wasIdle) {
      idleCount.decrementAndGet();
    }
    try {
      if (connection == null) {
        connection = connect(deadline);
      }
      return exchangeOn(connection, commands, replies, deadline);
    } catch (IOException first) {
      failed(connection);
      if (!wasIdle || connection.replyStarted() || first instanceof SocketTimeoutException
          || System.nanoTime() - deadline >= 0) {
        throw unavailable(first);
      }
      // An idle connection found dead (Redis restarted, or closed it): once more, on a new one, in the time left.
      RespConnection fresh = null;
      try {
        fresh = connect(deadline);
        return exchangeOn(fresh, commands, replies, deadline);
      } catch (IOException second) {
        failed(fresh);
        throw unavailable(second);
      }
    }
  }

  private Object[] exchangeOn(RespConnection connection, Commands commands, int replies, long deadline)
      throws IOException {
    connection.begin(deadline);
    commands.appendTo(connection);
    connection.send();
    Object[] answers = new Object[replies];
    for (int i = 0; i < replies; i++) {
      answers[i] = connection.read();
    }
    connection.end();
    giveBack(connection);
    return answers;
  }

  private StoreUnavailableException unavailable(IOException cause) {
    return new StoreUnavailableException("Redis at " + address.serverAddress() + ": " + cause, cause);
  }

  /** Opens a connection (TCP, TLS, AUTH, SELECT) by {@code deadline}, and by the connect timeout. */
  private RespConnection connect(long deadline) throws IOException {
    if (closed) {
      throw new IOException("the cache is closed");
    }
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (remaining <= 0) {
      throw new SocketTimeoutException("no time left to connect");
    }
    int budget = (int) Math.min(connectTimeoutMillis, remaining);
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      socket.connect(new InetSocketAddress(address.host(), address.port()), budget);
      if (tls != null) {
        SSLSocket secured = (SSLSocket) tls.createSocket(socket, address.host(), address.port(), true);
        SSLParameters parameters = secured.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secured.setSSLParameters(parameters);
        secured.setSoTimeout(budget);
        secured.startHandshake();
        socket = secured;
      }
      RespConnection connection = new RespConnection(socket);
      open.add(connection);
      try {
        handshake(connection, deadline);
      } catch (IOException e) {
        retire(connection);
        throw e;
      }
      return connection;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** AUTH and SELECT as the URL asks, in one round trip. */
  private void handshake(RespConnection connection, long deadline) throws IOException {
    connection.begin(deadline);
    int replies = 0;
    if (address.password().isPresent()) {
      if (address.username().isPresent()) {
        connection.command("AUTH", address.username().get(), address.password().get());
      } else {
        connection.command("AUTH", address.password().get());
      }
      replies++;
    }
    if (address.database() != 0) {
      connection.command("SELECT", address.database());
      replies++;
    }
    if (replies > 0) {
      connection.send();
      for (int i = 0; i < replies; i++) {
        if (connection.read() instanceof RespConnection.ErrorReply error) {
          throw new IOException("the server refused AUTH or SELECT: " + error);
        }
      }
    }
    connection.end();
  }

  /** Keeps a healthy connection for the next exchange, up to {@code maxIdle} of them. */
  private void giveBack(RespConnection connection) {
    if (closed || idleCount.incrementAndGet() > maxIdle) {
      idleCount.decrementAndGet();
      retire(connection);
      return;
    }
    idle.offerFirst(connection);
  }

  private void retire(RespConnection connection) {
    open.remove(connection);
    connection.close();
  }

  /** Closes a connection that failed and, as they have likely failed alike (a restart), every idle one. */
  private void failed(RespConnection connection) {
    if (connection == null) {
      return;
    }
    retire(connection);
    for (RespConnection other = idle.pollFirst(); other != null; other = idle.pollFirst()) {
      idleCount.decrementAndGet();
      retire(other);
    }
  }

  /** The watchdog: a connection whose exchange overran its deadline is closed, which ends a blocked write. */
  private void closeOverdue() {
    long now = System.nanoTime();
    for (RespConnection connection : open) {
      if (connection.overdue(now)) {
        retire(connection);
      }
    }
  }

  /** How many connections are open (for tests). */
  int openConnections() {
    return open.size();
  }

  @Override
  public void close() {
    closed = true;
    watchdog.shutdownNow();
    for (RespConnection connection : open) {
      connection.close();
    }
    open.clear();
    idle.clear();
    idleCount.set(0);
  }
}
