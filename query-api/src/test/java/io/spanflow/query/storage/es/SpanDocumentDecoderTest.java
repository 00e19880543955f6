package io.spanflow.query.storage.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.query.storage.SearchFixtures;
import io.spanflow.schemas.es.SpanDocumentMapper;
import io.spanflow.schemas.fixtures.TestTraces;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming decoder gives exactly what the ES layout's tree mapper gives for the same document:
 * every shared fixture span, and documents as Jaeger and other writers leave them.
 */
class SpanDocumentDecoderTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static List<Span> fixtureSpans() {
    List<Span> spans = new ArrayList<>();
    spans.addAll(TestTraces.twoServiceTrace());
    spans.addAll(TestTraces.zipkinSharedSpanTrace());
    spans.addAll(TestTraces.allTypesTrace());
    spans.addAll(SearchFixtures.all());
    spans.addAll(TestTraces.largeTrace(300));
    return spans;
  }

  @ParameterizedTest
  @MethodSource("fixtureSpans")
  void fixtureSpan_decodesAsTheTreeMapperDoes(Span span) throws Exception {
    byte[] doc = SpanDocumentMapper.toDocumentBytes(span);
    Span decoded = decode(new String(doc, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(decoded).isEqualTo(SpanDocumentMapper.fromDocumentBytes(doc));
    assertThat(decoded.getTagsList()).isEqualTo(span.getTagsList());
    assertThat(decoded.getLogsList()).isEqualTo(span.getLogsList());
  }

  /** Jaeger's own documents and odd writers: tags-as-fields, parentSpanID only, extra fields. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'traceID':'a1','spanID':'00000000000000b2','parentSpanID':'00000000000000b1',"
            + "'flags':1,'operationName':'GET /','references':[],'startTime':1700000000000123,"
            + "'startTimeMillis':1700000000000,'duration':1500,"
            + "'tags':[{'key':'http.status_code','type':'int64','value':'200'},"
            + "{'key':'error','type':'bool','value':'true'},"
            + "{'key':'ratio','type':'float64','value':'0.25'},"
            + "{'key':'blob','type':'binary','value':'0aff'}],"
            + "'tag':{'http@method':'GET','retry':2,'ok':false,'load':1.5},"
            + "'logs':[{'timestamp':1700000000000200,'fields':[{'key':'event','value':'x'}]}],"
            + "'process':{'serviceName':'frontend','tags':[{'key':'ip','type':'string',"
            + "'value':'10.0.0.1'}],'tag':{'host@name':'web-1'}},'unknown':{'a':[1,2]}}",
        "{'spanID':'00000000000000b2','traceID':'4bf92f3577b34da6a3ce929d0e0e4736',"
            + "'references':[{'refType':'FOLLOWS_FROM','traceID':'ff','spanID':'0000000000000001'},"
            + "{'refType':'CHILD_OF','traceID':'4bf92f3577b34da6a3ce929d0e0e4736',"
            + "'spanID':'0000000000000002'}],'parentSpanID':'0000000000000002',"
            + "'startTime':'1700000000000123','duration':7,'warnings':['w1','w2']}",
        "{'traceID':'1','spanID':'1','parentSpanID':'0000000000000000','operationName':null,"
            + "'tags':[{'key':'n','type':'string','value':12},{'key':'b','value':true}],"
            + "'process':{'serviceName':'s','tags':[]}}",
        "{'traceID':'1','spanID':'1','startTime':-5,'duration':0,'logs':[],'tag':{}}",
      })
  void otherWritersDocuments_decodeAsTheTreeMapperDoes(String doc) throws Exception {
    String json = doc.replace('\'', '"');
    assertThat(decode(json)).isEqualTo(SpanDocumentMapper.fromDocument(JSON.readTree(json)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'spanID':'01'}",
        "{'traceID':'01'}",
        "{'traceID':'zz','spanID':'01'}",
        "{'traceID':'01','spanID':'01','references':[{'refType':'PARENT','traceID':'1',"
            + "'spanID':'1'}]}",
        "{'traceID':'01','spanID':'01','tags':[{'key':'k','type':'int64','value':'x'}]}",
        "{'traceID':'01','spanID':'01','tags':[{'key':'k','type':'string'}]}",
        "{'traceID':'01','spanID':'01','tags':[{'key':'k','type':'uint','value':'1'}]}",
      })
  void unreadableDocuments_failAsTheTreeMapperDoes(String doc) {
    String json = doc.replace('\'', '"');
    assertThatThrownBy(() -> SpanDocumentMapper.fromDocument(JSON.readTree(json)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> decode(json)).isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void tagsAsFields_areTypedFromTheJsonValue() throws Exception {
    Span s = decode("{\"traceID\":\"1\",\"spanID\":\"1\",\"tag\":{\"a@b\":3,\"c\":true}}");
    assertThat(s.getTagsList())
        .containsExactly(
            KeyValue.newBuilder().setKey("a.b").setVType(ValueType.INT64).setVInt64(3).build(),
            KeyValue.newBuilder().setKey("c").setVType(ValueType.BOOL).setVBool(true).build());
  }

  /** As the search client reads a hit's {@code _source}. */
  static Span decode(String json) throws Exception {
    return JSON.readValue(json, DecodedSpan.class).span();
  }
}
