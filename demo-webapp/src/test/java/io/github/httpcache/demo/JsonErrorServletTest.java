package io.github.httpcache.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonErrorServletTest {

  @Test
  void directRequestForTheErrorPageIsA404() {
    assertEquals(404, JsonErrorServlet.statusOf(null));
  }

  @Test
  void containerStatusIsKept() {
    assertEquals(405, JsonErrorServlet.statusOf(405));
  }

  @Test
  void clientErrorKeepsTheContainerMessage() {
    assertEquals("Not Found", JsonErrorServlet.messageOf("Not Found", 404));
  }

  @Test
  void serverErrorHidesTheExceptionText() {
    assertEquals("Request failed with status 500",
        JsonErrorServlet.messageOf("java.lang.IllegalStateException: secret detail", 500));
  }

  @Test
  void missingMessageFallsBackToTheStatus() {
    assertEquals("Request failed with status 404", JsonErrorServlet.messageOf(null, 404));
  }
}
