package jp.jukinet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.expression.MapAccessor;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import jp.jukinet.model.json.JukiNetJson;

class JsonViewTest {

    /** What a template does with a node's answer: SpEL with map access, as Thymeleaf evaluates it. */
    private static Object read(String expression, Object root) {
        StandardEvaluationContext context = new StandardEvaluationContext(root);
        context.addPropertyAccessor(new MapAccessor());
        return new SpelExpressionParser().parseExpression(expression).getValue(context);
    }

    @Test
    void aMemberTheAnswerLeavesOutReadsAsNullAtEveryDepth() {
        Object resident = JsonView.of(JukiNetJson.mapper().readTree("""
                {"residentCode":"12345678901","moves":[{"direction":"OUT"}],"person":{"name":{"family":"山田"}}}"""));

        assertThat(read("dvProtection == null", resident)).isEqualTo(true);
        assertThat(read("person.name.family", resident)).isEqualTo("山田");
        assertThat(read("person.name.given", resident)).isNull();
        assertThat(read("moves[0].movedOn", resident)).isNull();
        assertThat(read("moves[0].direction", resident)).isEqualTo("OUT");
        // what a plain map does, and what the pages did before: the page fails
        assertThatThrownBy(() -> read("dvProtection", new LinkedHashMap<>(Map.of("residentCode", "1"))))
                .isInstanceOf(SpelEvaluationException.class);
    }

    @Test
    void noAnswerIsNull() {
        assertThat(JsonView.of(null)).isNull();
        assertThat(JsonView.of(JukiNetJson.mapper().nullNode())).isNull();
    }
}
