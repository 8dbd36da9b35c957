package blogconsumer

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

// Compares two CloudFormation templates as parsed JSON, asset hashes (64 hex digits) scrubbed.
// Same algorithm and output format as test/consumers/typescript/template-diff.ts.

var assetHash = regexp.MustCompile(`[0-9a-f]{64}`)

func scrub(value interface{}) interface{} {
	switch v := value.(type) {
	case string:
		return assetHash.ReplaceAllString(v, "<asset-hash>")
	case []interface{}:
		out := make([]interface{}, len(v))
		for i, item := range v {
			out[i] = scrub(item)
		}
		return out
	case map[string]interface{}:
		out := make(map[string]interface{}, len(v))
		for k, item := range v {
			out[k] = scrub(item)
		}
		return out
	}
	return value
}

func show(value interface{}) string {
	text, _ := json.Marshal(value)
	if len(text) > 200 {
		return string(text[:197]) + "..."
	}
	return string(text)
}

func kind(value interface{}) string {
	switch value.(type) {
	case nil:
		return "null"
	case []interface{}:
		return "array"
	case map[string]interface{}:
		return "object"
	}
	return reflect.TypeOf(value).String()
}

func diffJSON(expected, actual interface{}, path string, out *[]string) {
	if kind(expected) != kind(actual) {
		*out = append(*out, fmt.Sprintf("%s: expected %s, got %s", path, show(expected), show(actual)))
		return
	}
	switch e := expected.(type) {
	case []interface{}:
		a := actual.([]interface{})
		for i := 0; i < len(e) || i < len(a); i++ {
			at := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= len(a):
				*out = append(*out, fmt.Sprintf("%s: only in expected: %s", at, show(e[i])))
			case i >= len(e):
				*out = append(*out, fmt.Sprintf("%s: only in actual: %s", at, show(a[i])))
			default:
				diffJSON(e[i], a[i], at, out)
			}
		}
	case map[string]interface{}:
		a := actual.(map[string]interface{})
		keys := map[string]bool{}
		for k := range e {
			keys[k] = true
		}
		for k := range a {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			ev, inE := e[k]
			av, inA := a[k]
			at := path + "." + k
			switch {
			case !inA:
				*out = append(*out, fmt.Sprintf("%s: only in expected: %s", at, show(ev)))
			case !inE:
				*out = append(*out, fmt.Sprintf("%s: only in actual: %s", at, show(av)))
			default:
				diffJSON(ev, av, at, out)
			}
		}
	default:
		if expected != actual {
			*out = append(*out, fmt.Sprintf("%s: expected %s, got %s", path, show(expected), show(actual)))
		}
	}
}

func templateDiff(expected, actual interface{}) []string {
	out := []string{}
	diffJSON(scrub(expected), scrub(actual), "$", &out)
	return out
}

func formatDiff(language string, lines []string) string {
	return fmt.Sprintf("%s template differs from the TypeScript example (%d difference(s)):\n  %s",
		language, len(lines), strings.Join(lines, "\n  "))
}
