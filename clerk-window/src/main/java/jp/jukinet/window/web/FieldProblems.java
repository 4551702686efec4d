package jp.jukinet.window.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with a form, field by field, as the page shows it beside each field: a message key
 * (the guidance, in the clerk's language, {@code invalid.<field>} or {@code required.<field>}) and the
 * precise reason the check or the CS gave (which may quote what was typed, so it goes to the page of
 * the clerk who typed it and nowhere else). A problem that names no field of the form belongs to the
 * form as a whole ({@link #FORM}).
 */
public final class FieldProblems {

    /** The key of problems about the whole form. */
    public static final String FORM = "form";

    /** One problem of one field. */
    public record Problem(String field, String messageKey, String detail) {
    }

    private final Map<String, List<Problem>> byField = new LinkedHashMap<>();

    public void invalid(String field, String detail) {
        add(new Problem(field, "invalid." + field, detail));
    }

    public void required(String field) {
        add(new Problem(field, "required." + field, null));
    }

    public void add(Problem problem) {
        byField.computeIfAbsent(problem.field(), key -> new ArrayList<>()).add(problem);
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The problems of {@code field}, in the order found. */
    public List<Problem> of(String field) {
        return byField.getOrDefault(field, List.of());
    }

    /** Every problem, field by field, for the summary at the top of the form. */
    public List<Problem> all() {
        List<Problem> all = new ArrayList<>();
        byField.values().forEach(all::addAll);
        return Collections.unmodifiableList(all);
    }

    /** The first field with a problem (the page moves the focus there). */
    public String firstField() {
        return byField.keySet().stream().findFirst().orElse(null);
    }
}
