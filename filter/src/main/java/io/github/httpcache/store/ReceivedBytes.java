package io.github.httpcache.store;

import org.redisson.client.codec.BaseCodec;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

/**
 * A value as Redis returned it: its first {@code length} bytes of {@code data}, an array from
 * {@link BodyBuffers} (so possibly longer than the value).
 */
record ReceivedBytes(byte[] data, int length) {

  /** Reads values into {@link BodyBuffers} arrays instead of a new array each; writes them as {@link ByteArrayCodec} does. */
  static final class Codec extends BaseCodec {
    static final Codec INSTANCE = new Codec();

    private final Decoder<Object> decoder = (buffer, state) -> {
      int length = buffer.readableBytes();
      byte[] data = BodyBuffers.take(length);
      buffer.readBytes(data, 0, length);
      return new ReceivedBytes(data, length);
    };

    @Override
    public Decoder<Object> getValueDecoder() {
      return decoder;
    }

    @Override
    public Encoder getValueEncoder() {
      return ByteArrayCodec.INSTANCE.getValueEncoder();
    }
  }
}
