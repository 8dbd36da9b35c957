package example.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Compares two CloudFormation templates as parsed JSON, asset hashes (64 hex digits) scrubbed.
 * Same algorithm and output format as test/consumers/typescript/template-diff.ts.
 */
final class TemplateDiff {
    private static final Pattern ASSET_HASH = Pattern.compile("[0-9a-f]{64}");

    private TemplateDiff() {
    }

    static JsonNode scrub(final JsonNode value) {
        if (value.isTextual()) {
            return JsonNodeFactory.instance.textNode(ASSET_HASH.matcher(value.asText()).replaceAll("<asset-hash>"));
        }
        if (value.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> copy.add(scrub(item)));
            return copy;
        }
        if (value.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<String> names = value.fieldNames(); names.hasNext();) {
                String name = names.next();
                copy.set(name, scrub(value.get(name)));
            }
            return copy;
        }
        return value;
    }

    static List<String> diff(final JsonNode expected, final JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff(scrub(expected), scrub(actual), "$", out);
        return out;
    }

    static String format(final String language, final List<String> lines) {
        return language + " template differs from the TypeScript example (" + lines.size() + " difference(s)):\n  "
                + String.join("\n  ", lines);
    }

    private static String show(final JsonNode value) {
        String text = value.toString();
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }

    private static String kind(final JsonNode value) {
        if (value.isNumber()) {
            return "number";
        }
        return value.getNodeType().toString();
    }

    private static void diff(final JsonNode expected, final JsonNode actual, final String path, final List<String> out) {
        if (!kind(expected).equals(kind(actual))) {
            out.add(path + ": expected " + show(expected) + ", got " + show(actual));
        } else if (expected.isArray()) {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                String at = path + "[" + i + "]";
                if (i >= actual.size()) {
                    out.add(at + ": only in expected: " + show(expected.get(i)));
                } else if (i >= expected.size()) {
                    out.add(at + ": only in actual: " + show(actual.get(i)));
                } else {
                    diff(expected.get(i), actual.get(i), at, out);
                }
            }
        } else if (expected.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String at = path + "." + key;
                if (!actual.has(key)) {
                    out.add(at + ": only in expected: " + show(expected.get(key)));
                } else if (!expected.has(key)) {
                    out.add(at + ": only in actual: " + show(actual.get(key)));
                } else {
                    diff(expected.get(key), actual.get(key), at, out);
                }
            }
        } else if (expected.isNumber() ? expected.decimalValue().compareTo(actual.decimalValue()) != 0 : !expected.equals(actual)) {
            out.add(path + ": expected " + show(expected) + ", got " + show(actual));
        }
    }
}
