package jp.jukinet.gateway.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Example identities a route's {@code callers} expression admits, one per alternative: digits are
 * written as one digit repeated, a character class as its first character, a group's
 * alternatives each, a quantifier its least count (at least one for {@code +}), lookarounds
 * skipped. Enough for the policy's expressions ({@code clerk-131016}, {@code agency-[a-z0-9-]+},
 * {@code pref-\d{2}|national}); each sample is then judged by the firewall itself, so a sample
 * that a lookaround refuses is simply not used.
 */
final class CallerSamples {

    private CallerSamples() {
    }

    /** Samples of {@code regex}, with the digit {@code digit} wherever any digit will do. */
    static List<String> of(String regex, char digit) {
        Parser parser = new Parser(regex, digit);
        List<String> samples = parser.alternatives();
        return samples.stream().distinct().limit(16).toList();
    }

    private static final class Parser {

        private final String regex;
        private final char digit;
        private int at;

        Parser(String regex, char digit) {
            this.regex = regex;
            this.digit = digit;
        }

        List<String> alternatives() {
            List<String> all = new ArrayList<>(sequence());
            while (at < regex.length() && regex.charAt(at) == '|') {
                at++;
                all.addAll(sequence());
            }
            return all;
        }

        private List<String> sequence() {
            List<String> prefixes = new ArrayList<>(List.of(""));
            while (at < regex.length() && regex.charAt(at) != '|' && regex.charAt(at) != ')') {
                List<String> atom = atom();
                int[] counts = quantifier();
                List<String> next = new ArrayList<>();
                for (String prefix : prefixes) {
                    for (String piece : atom) {
                        next.add(prefix + piece.repeat(counts[0]));
                    }
                }
                prefixes = next.size() > 16 ? next.subList(0, 16) : next;
            }
            return prefixes;
        }

        private List<String> atom() {
            char c = regex.charAt(at++);
            switch (c) {
                case '(' -> {
                    if (regex.startsWith("?!", at) || regex.startsWith("?=", at) || regex.startsWith("?<!", at)
                            || regex.startsWith("?<=", at)) {
                        skipGroup();
                        return List.of("");
                    }
                    if (regex.startsWith("?:", at)) {
                        at += 2;
                    } else if (regex.startsWith("?<", at)) {
                        at = regex.indexOf('>', at) + 1;
                    }
                    List<String> inner = alternatives();
                    at++; // ')'
                    return inner;
                }
                case '[' -> {
                    int end = at;
                    String first = null;
                    while (regex.charAt(end) != ']') {
                        if (first == null) {
                            first = regex.charAt(end) == '\\' ? escaped(regex.charAt(end + 1)) : String.valueOf(regex.charAt(end));
                        }
                        end += regex.charAt(end) == '\\' ? 2 : 1;
                    }
                    at = end + 1;
                    return List.of(first == null ? "" : first);
                }
                case '\\' -> {
                    return List.of(escaped(regex.charAt(at++)));
                }
                case '.' -> {
                    return List.of("x");
                }
                case '^', '$' -> {
                    return List.of("");
                }
                default -> {
                    return List.of(String.valueOf(c));
                }
            }
        }

        private String escaped(char c) {
            return switch (c) {
                case 'd' -> String.valueOf(digit);
                case 'w' -> "a";
                case 's' -> " ";
                default -> String.valueOf(c);
            };
        }

        private void skipGroup() {
            int depth = 1;
            while (depth > 0 && at < regex.length()) {
                char c = regex.charAt(at++);
                if (c == '\\') {
                    at++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
            }
        }

        /** {least, most} of the quantifier after an atom; {1, 1} when there is none. */
        private int[] quantifier() {
            if (at >= regex.length()) {
                return new int[] {1, 1};
            }
            char c = regex.charAt(at);
            int[] counts = switch (c) {
                case '+' -> new int[] {1, Integer.MAX_VALUE};
                case '*' -> new int[] {0, Integer.MAX_VALUE};
                case '?' -> new int[] {0, 1};
                case '{' -> {
                    int end = regex.indexOf('}', at);
                    String[] bounds = regex.substring(at + 1, end).split(",", -1);
                    at = end;
                    yield new int[] {Integer.parseInt(bounds[0].trim()), Integer.MAX_VALUE};
                }
                default -> null;
            };
            if (counts == null) {
                return new int[] {1, 1};
            }
            at++;
            if (at < regex.length() && (regex.charAt(at) == '?' || regex.charAt(at) == '+')) {
                at++; // lazy or possessive
            }
            return counts;
        }
    }
}
