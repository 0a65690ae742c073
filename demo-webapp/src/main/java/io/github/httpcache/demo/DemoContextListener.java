package io.github.httpcache.demo;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Sets up one deployment of the demo: creates its {@link DemoData} and reads its
 * {@link OriginDelay} once, publishing both as ServletContext attributes, so two deployments
 * of the WAR (two nodes in one JVM) keep separate state.
 *
 * <p>An invalid {@value OriginDelay#NAME} fails the deployment here, with a message naming it.
 */
public final class DemoContextListener implements ServletContextListener {

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    OriginDelay delay = OriginDelay.fromSystem();
    context.setAttribute(OriginDelay.CONTEXT_ATTRIBUTE, delay);
    context.setAttribute(DemoData.CONTEXT_ATTRIBUTE, DemoData.seeded());
    if (!delay.duration().isZero()) {
      context.log("Every demo servlet call waits " + delay.duration().toMillis() + " ms (" + OriginDelay.NAME + ")");
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    event.getServletContext().removeAttribute(DemoData.CONTEXT_ATTRIBUTE);
    event.getServletContext().removeAttribute(OriginDelay.CONTEXT_ATTRIBUTE);
  }
}
