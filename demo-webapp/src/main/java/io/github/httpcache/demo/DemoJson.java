package io.github.httpcache.demo;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one place the demo configures Jackson, so request parsing is equally strict everywhere. */
final class DemoJson {

  /** Every demo response carries this content type. */
  public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

  private DemoJson() {}

  public static ObjectMapper newMapper() {
    return JsonMapper.builder()
        // {"name":"a"} garbage and {"name":"a","name":"b"} are malformed, not half-accepted.
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }
}
