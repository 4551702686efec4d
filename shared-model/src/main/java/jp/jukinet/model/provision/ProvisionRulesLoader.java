package jp.jukinet.model.provision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.TargetKind;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a versioned provision rules file:
 * <pre>{@code
 * {
 *   "version": "2026-11-01",
 *   "rules": [
 *     {"id": "nenkin-30-9-1-94", "provider": "NATIONAL", "article": "30-9", "annexTable": "1",
 *      "annexItem": "94", "recipient": "agency-nenkin", "task": "年金給付の支給に関する事務",
 *      "fields": ["NAME", "ADDRESS", "DATE_OF_BIRTH", "SEX"], "validFrom": "2026-11-01", "validTo": null},
 *     {"id": "lg131016-30-10-kokuho", "provider": "NATIONAL", "article": "30-10(1)(1)", "annexTable": "2", …,
 *      "scope": {"recipientPrefecture": "13", "notifiedBy": "RECIPIENT_PREFECTURE"}},
 *     ...
 *   ]
 * }
 * }</pre>
 * The file is authored by hand, so it is read strictly: a rule with an unknown or repeated
 * field, an unknown provider or identity field, a malformed date, a missing required field or
 * any other breach of the {@link ProvisionRule} contract, and a repeated rule id, all fail the
 * whole load. Unknown top-level fields are skipped, so a newer file format can add metadata.
 *
 * <p>Every failure is a {@link ProvisionRulesException} naming the line and column of the
 * offending token (or of the rule's opening brace when a required field is missing), which is
 * why the file is read as a token stream rather than bound to objects.
 */
public final class ProvisionRulesLoader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private static final List<String> RULE_FIELDS = List.of("id", "provider", "article", "annexTable",
            "annexItem", "recipient", "task", "fields", "validFrom", "validTo", ProvisionScope.FIELD, "use",
            SubscriptionAllowance.FIELD);
    private static final List<String> SUBSCRIPTION_FIELDS = List.of("modes", "targets", "milestoneAges");
    private static final List<String> SCOPE_FIELDS = List.of("recipientPrefecture", "notifiedBy");

    private ProvisionRulesLoader() {
    }

    /**
     * Loads the rules file at {@code file}.
     *
     * @throws ProvisionRulesException when the content is malformed
     * @throws IOException              when the file cannot be read
     */
    public static ProvisionRules load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in);
        }
    }

    /**
     * Loads a rules file from {@code in} (UTF-8 JSON). The stream is read to its end and left
     * open.
     *
     * @throws ProvisionRulesException when the content is malformed, its encoding included
     * @throws IOException              when the stream cannot be read
     */
    public static ProvisionRules load(InputStream in) throws IOException {
        // Read whole first (a rules file is small): what fails after this is the content — text
        // that is not valid UTF-8 (or UTF-16/32, which Jackson detects) included — not the stream.
        byte[] content = in.readAllBytes();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), content)) {
            return new Reading(parser).rules();
        } catch (JacksonException e) {
            // Syntax errors, a repeated property name, a broken encoding; anything else is ours.
            TokenStreamLocation at = e.getLocation() == null ? TokenStreamLocation.NA : e.getLocation();
            throw new ProvisionRulesException(Math.max(at.getLineNr(), 1), Math.max(at.getColumnNr(), 1),
                    "malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The state of one load: the parser and where each rule id was first seen. */
    private static final class Reading {

        private final JsonParser parser;
        private final Map<String, TokenStreamLocation> idLocations = new HashMap<>();

        Reading(JsonParser parser) {
            this.parser = parser;
        }

        ProvisionRules rules() {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new ProvisionRulesException(1, 1, "the file is empty", null);
            }
            TokenStreamLocation root = parser.currentTokenLocation();
            if (token != JsonToken.START_OBJECT) {
                throw failure(root, "expected an object with 'version' and 'rules'");
            }
            String version = null;
            List<ProvisionRule> rules = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "version" -> {
                        if (value != JsonToken.VALUE_STRING || parser.getString().isBlank()) {
                            throw failure(parser.currentTokenLocation(), "'version' must be a non-blank string");
                        }
                        version = parser.getString();
                    }
                    case "rules" -> rules = ruleList(value);
                    default -> parser.skipChildren();
                }
            }
            if (version == null) {
                throw failure(root, "'version' is required");
            }
            if (rules == null) {
                throw failure(root, "'rules' is required");
            }
            if (parser.nextToken() != null) {
                throw failure(parser.currentTokenLocation(), "unexpected content after the rules object");
            }
            return new ProvisionRules(version, rules);
        }

        private List<ProvisionRule> ruleList(JsonToken value) {
            if (value != JsonToken.START_ARRAY) {
                throw failure(parser.currentTokenLocation(), "'rules' must be an array of rule objects");
            }
            List<ProvisionRule> rules = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw failure(parser.currentTokenLocation(), "rule " + (rules.size() + 1) + ": expected a rule object");
                }
                rules.add(rule(rules.size() + 1));
            }
            return rules;
        }

        /** Reads one rule object; the parser is on its START_OBJECT. */
        private ProvisionRule rule(int number) {
            TokenStreamLocation start = parser.currentTokenLocation();
            Map<String, TokenStreamLocation> locations = new HashMap<>();
            Map<String, String> text = new HashMap<>();
            ProviderTier provider = null;
            PrefectureUse use = null;
            Set<IdentityField> fields = null;
            LocalDate validFrom = null;
            LocalDate validTo = null;
            ProvisionScope scope = null;
            SubscriptionAllowance subscriptions = null;
            String label = "rule " + number;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                if (!RULE_FIELDS.contains(name)) {
                    throw failure(parser.currentTokenLocation(), label + ": unknown field '" + name
                            + "' (allowed: " + String.join(", ", RULE_FIELDS) + ")");
                }
                parser.nextToken();
                locations.put(name, parser.currentTokenLocation());
                switch (name) {
                    case "provider" -> provider = provider(label);
                    case "use" -> use = use(label);
                    case "fields" -> fields = identityFields(label);
                    case "validFrom" -> validFrom = date(name, label);
                    case "validTo" -> validTo = date(name, label);
                    case ProvisionScope.FIELD -> scope = scope(label, locations);
                    case SubscriptionAllowance.FIELD -> subscriptions = subscriptions(label, locations);
                    default -> {
                        text.put(name, string(name, label));
                        if (name.equals("id") && text.get("id") != null) {
                            label = "rule '" + text.get("id") + "'";
                        }
                    }
                }
            }
            ProvisionRule rule;
            try {
                rule = new ProvisionRule(text.get("id"), provider, text.get("article"), text.get("annexTable"),
                        text.get("annexItem"), text.get("recipient"), text.get("task"), fields, validFrom, validTo, scope, use, subscriptions);
            } catch (InvalidValueException e) {
                throw failure(locations.getOrDefault(e.field(), start), label + ": " + e.reason());
            }
            TokenStreamLocation earlier = idLocations.putIfAbsent(rule.id(), locations.get("id"));
            if (earlier != null) {
                throw failure(locations.get("id"), label + ": duplicate id, already used by the rule at line "
                        + earlier.getLineNr());
            }
            return rule;
        }

        /**
         * Reads a rule's scope object, or {@code null}; the parser is on its first token. The
         * location of each member is kept as {@code scope.<member>}, so that a refusal points at it.
         */
        private ProvisionScope scope(String label, Map<String, TokenStreamLocation> locations) {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw failure(parser.currentTokenLocation(), label + ": 'scope' must be an object "
                        + "{recipientPrefecture, notifiedBy}");
            }
            TokenStreamLocation start = parser.currentTokenLocation();
            PrefectureCode prefecture = null;
            ProvisionScope.NotifiedBy notifiedBy = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                if (!SCOPE_FIELDS.contains(name)) {
                    throw failure(parser.currentTokenLocation(), label + ": unknown field 'scope." + name
                            + "' (allowed: " + String.join(", ", SCOPE_FIELDS) + ")");
                }
                parser.nextToken();
                String field = ProvisionScope.FIELD + "." + name;
                locations.put(field, parser.currentTokenLocation());
                String value = string(field, label);
                if (value == null) {
                    continue;
                }
                if (name.equals("recipientPrefecture")) {
                    try {
                        prefecture = PrefectureCode.of(value);
                    } catch (InvalidValueException e) {
                        throw failure(parser.currentTokenLocation(), label + ": 'scope.recipientPrefecture' must be a "
                                + "prefecture code 01 to 47, got '" + value + "'");
                    }
                } else {
                    try {
                        notifiedBy = ProvisionScope.NotifiedBy.valueOf(value);
                    } catch (IllegalArgumentException e) {
                        throw failure(parser.currentTokenLocation(), label + ": unknown 'scope.notifiedBy' '" + value
                                + "' (allowed: " + Arrays.toString(ProvisionScope.NotifiedBy.values()) + ")");
                    }
                }
            }
            try {
                return new ProvisionScope(prefecture, notifiedBy);
            } catch (InvalidValueException e) {
                throw failure(start, label + ": " + e.reason());
            }
        }

        /**
         * Reads a rule's subscription allowance, or {@code null}; the parser is on its first token.
         * The location of each member is kept as {@code subscriptions.<member>}.
         */
        private SubscriptionAllowance subscriptions(String label, Map<String, TokenStreamLocation> locations) {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw failure(parser.currentTokenLocation(), label + ": 'subscriptions' must be an object "
                        + "{modes, targets, milestoneAges}");
            }
            TokenStreamLocation start = parser.currentTokenLocation();
            Set<SubscriptionMode> modes = null;
            Set<TargetKind> targets = null;
            List<Integer> ages = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                if (!SUBSCRIPTION_FIELDS.contains(name)) {
                    throw failure(parser.currentTokenLocation(), label + ": unknown field 'subscriptions." + name
                            + "' (allowed: " + String.join(", ", SUBSCRIPTION_FIELDS) + ")");
                }
                parser.nextToken();
                String field = SubscriptionAllowance.FIELD + "." + name;
                locations.put(field, parser.currentTokenLocation());
                if (parser.currentToken() == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (parser.currentToken() != JsonToken.START_ARRAY) {
                    throw failure(parser.currentTokenLocation(), label + ": '" + field + "' must be an array");
                }
                switch (name) {
                    case "modes" -> modes = names(field, label, SubscriptionMode.class);
                    case "targets" -> targets = names(field, label, TargetKind.class);
                    default -> {
                        ages = new ArrayList<>();
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                                throw failure(parser.currentTokenLocation(), label + ": '" + field
                                        + "' must hold whole numbers");
                            }
                            ages.add(parser.getIntValue());
                        }
                    }
                }
            }
            try {
                return new SubscriptionAllowance(modes, targets, ages);
            } catch (InvalidValueException e) {
                throw failure(locations.getOrDefault(e.field(), start), label + ": " + e.reason());
            }
        }

        /** Reads an array of enum constant names, each once; the parser is on its START_ARRAY. */
        private <E extends Enum<E>> Set<E> names(String field, String label, Class<E> type) {
            Set<E> values = EnumSet.noneOf(type);
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.VALUE_STRING) {
                    throw failure(parser.currentTokenLocation(), label + ": '" + field + "' must hold names");
                }
                String value = parser.getString();
                E constant;
                try {
                    constant = Enum.valueOf(type, value);
                } catch (IllegalArgumentException e) {
                    throw failure(parser.currentTokenLocation(), label + ": unknown '" + field + "' value '" + value
                            + "' (allowed: " + Arrays.toString(type.getEnumConstants()) + ")");
                }
                if (!values.add(constant)) {
                    throw failure(parser.currentTokenLocation(), label + ": '" + field + "' lists " + value + " twice");
                }
            }
            return values;
        }

        private String string(String name, String label) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token != JsonToken.VALUE_STRING) {
                throw failure(parser.currentTokenLocation(), label + ": '" + name + "' must be a string");
            }
            return parser.getString();
        }

        private ProviderTier provider(String label) {
            String value = string("provider", label);
            if (value == null) {
                return null;
            }
            try {
                return ProviderTier.valueOf(value);
            } catch (IllegalArgumentException e) {
                throw failure(parser.currentTokenLocation(), label + ": unknown provider '" + value
                        + "' (allowed: " + Arrays.toString(ProviderTier.values()) + ")");
            }
        }

        private PrefectureUse use(String label) {
            String value = string("use", label);
            if (value == null) {
                return null;
            }
            try {
                return PrefectureUse.valueOf(value);
            } catch (IllegalArgumentException e) {
                throw failure(parser.currentTokenLocation(), label + ": unknown use '" + value
                        + "' (allowed: " + Arrays.toString(PrefectureUse.values()) + ")");
            }
        }

        private Set<IdentityField> identityFields(String label) {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw failure(parser.currentTokenLocation(), label + ": 'fields' must be an array of identity field names");
            }
            Set<IdentityField> fields = EnumSet.noneOf(IdentityField.class);
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.VALUE_STRING) {
                    throw failure(parser.currentTokenLocation(), label + ": 'fields' must hold identity field names");
                }
                String value = parser.getString();
                IdentityField field;
                try {
                    field = IdentityField.valueOf(value);
                } catch (IllegalArgumentException e) {
                    throw failure(parser.currentTokenLocation(), label + ": unknown identity field '" + value
                            + "' (allowed: " + Arrays.toString(IdentityField.values()) + ")");
                }
                if (!fields.add(field)) {
                    throw failure(parser.currentTokenLocation(), label + ": identity field " + field + " is listed twice");
                }
            }
            return fields;
        }

        private LocalDate date(String name, String label) {
            String value = string(name, label);
            if (value == null) {
                return null;
            }
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw failure(parser.currentTokenLocation(), label + ": '" + name + "' must be a date as yyyy-mm-dd, got '"
                        + value + "'");
            }
        }

        private static ProvisionRulesException failure(TokenStreamLocation at, String problem) {
            return new ProvisionRulesException(at.getLineNr(), at.getColumnNr(), problem, null);
        }
    }
}
