package jp.jukinet.service.openapi;

import java.util.Set;

import org.springdoc.core.utils.SpringDocUtils;

import io.swagger.v3.oas.models.media.Schema;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.notice.NodeId;

/**
 * The shared model's code types as the strings they are on the wire, with the format their
 * constructors check (the check digit is checked by the node, not by the pattern).
 */
final class ValueTypeSchemas {

    private ValueTypeSchemas() {
    }

    /** Registers the schemas with springdoc (once per class loader is enough; repeating is harmless). */
    static void register() {
        SpringDocUtils.getConfig()
                .replaceWithSchema(ResidentCode.class, code(11, "^[0-9]{11}$", "住民票コード (resident code): eleven digits, "
                        + "the last a check digit (modulus 11)", ResidentCode.fromSerial(7_306_418_259L).value()))
                .replaceWithSchema(MyNumber.class, code(12, "^[0-9]{12}$", "個人番号 (My Number): twelve digits, the last "
                        + "a check digit", MyNumber.fromData(12_345_678_901L).value()))
                .replaceWithSchema(LocalGovernmentCode.class, code(6, "^[0-9]{6}$", "地方公共団体コード (local government "
                        + "code): six digits, the last a check digit", "131016"))
                .replaceWithSchema(PrefectureCode.class, code(2, "^(0[1-9]|[1-3][0-9]|4[0-7])$",
                        "都道府県コード (prefecture code): 01 to 47", "13"))
                .replaceWithSchema(NodeId.class, pattern(string(3, 9), "^(national|pref-(0[1-9]|[1-3][0-9]|4[0-7])|cs-[0-9]{6})$")
                        .description("A node of the network: cs-<local government code>, pref-<prefecture code> or national")
                        .example("cs-131016"));
    }

    private static Schema<Object> code(int length, String pattern, String description, String example) {
        Schema<Object> schema = pattern(string(length, length), pattern);
        schema.description(description);
        schema.example(example);
        return schema;
    }

    private static Schema<Object> string(int minLength, int maxLength) {
        Schema<Object> schema = new Schema<>();
        schema.types(Set.of("string"));
        schema.setType("string");
        schema.setMinLength(minLength);
        schema.setMaxLength(maxLength);
        return schema;
    }

    private static Schema<Object> pattern(Schema<Object> schema, String pattern) {
        schema.setPattern(pattern);
        return schema;
    }
}
