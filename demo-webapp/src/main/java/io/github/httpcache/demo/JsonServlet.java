package io.github.httpcache.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Base of the demo's JSON servlets: finds the deployment's {@link DemoData} and
 * {@link OriginDelay}, pays the delay on every call, answers unsupported methods with a
 * JSON 405 and turns {@link ClientErrorException} into a JSON error body.
 */
abstract class JsonServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private transient ObjectMapper mapper;
  private transient JsonBodyParser bodyParser;
  private transient BoundedBodyReader bodyReader;
  private transient OriginDelay delay;
  private transient DemoData data;

  /** The methods this servlet answers, in the order the {@code Allow} header lists them. */
  protected abstract List<String> allowedMethods();

  @Override
  public void init() throws ServletException {
    data = contextAttribute(DemoData.CONTEXT_ATTRIBUTE, DemoData.class);
    delay = contextAttribute(OriginDelay.CONTEXT_ATTRIBUTE, OriginDelay.class);
    mapper = DemoJson.newMapper();
    bodyParser = new JsonBodyParser(mapper);
    bodyReader = new BoundedBodyReader(BoundedBodyReader.DEFAULT_LIMIT_BYTES);
  }

  private <T> T contextAttribute(String name, Class<T> type) throws ServletException {
    Object attribute = getServletContext().getAttribute(name);
    if (!type.isInstance(attribute)) {
      throw new ServletException("ServletContext attribute " + name + " is " + attribute + ": expected the "
          + type.getSimpleName() + " that " + DemoContextListener.class.getName()
          + " publishes; declare that listener in web.xml");
    }
    return type.cast(attribute);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    delay.pause();
    if (!allowedMethods().contains(request.getMethod())) {
      response.setHeader("Allow", String.join(", ", allowedMethods()));
      writeJson(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
          Map.of("error", "Method " + request.getMethod() + " is not allowed here"));
      return;
    }
    try {
      super.service(request, response);
    } catch (ClientErrorException e) {
      writeJson(response, e.status(), Map.of("error", e.getMessage()));
    }
  }

  protected final DemoData data() {
    return data;
  }

  /** Reads the body within the size limit and returns its required non-blank string field. */
  protected final String requiredTextField(HttpServletRequest request, String field) throws IOException {
    byte[] body = bodyReader.read(request.getInputStream(), request.getContentLengthLong());
    return bodyParser.requiredText(body, field);
  }

  protected final void writeJson(HttpServletResponse response, int status, Object body) throws IOException {
    byte[] bytes = mapper.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType(DemoJson.CONTENT_TYPE);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
