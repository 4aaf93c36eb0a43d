package docgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

// topLevelOrder is the order a reader expects; other keys follow, sorted.
var topLevelOrder = []string{"openapi", "info", "x-amzn-source", "x-reconciliation-rules", "security", "paths", "components"}

// MarshalYAML renders doc as YAML, byte-for-byte the same for the same doc:
// maps are written with sorted keys, the top level in a fixed reading order.
func MarshalYAML(doc *openapi3.T) ([]byte, error) {
	js, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var node yaml.Node
	if err := yaml.Unmarshal(escapeNonPrintable(js), &node); err != nil {
		return nil, fmt.Errorf("re-reading the JSON form: %w", err)
	}
	if len(node.Content) == 1 && node.Content[0].Kind == yaml.MappingNode {
		sortTopLevel(node.Content[0])
	}
	clearStyle(&node)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// escapeNonPrintable writes as \uXXXX the characters JSON leaves raw but
// YAML does not allow raw (DEL, the C1 controls but NEL, U+FFFE, U+FFFF):
// a page may carry them, and the JSON text is read back as YAML.
func escapeNonPrintable(js []byte) []byte {
	if !bytes.ContainsFunc(js, yamlNonPrintable) {
		return js
	}
	var b bytes.Buffer
	for _, r := range string(js) {
		if yamlNonPrintable(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.Bytes()
}

func yamlNonPrintable(r rune) bool {
	return r == 0x7F || (r >= 0x80 && r <= 0x9F && r != 0x85) || r == 0xFFFE || r == 0xFFFF
}

func sortTopLevel(m *yaml.Node) {
	type pair struct{ k, v *yaml.Node }
	var pairs []pair
	for i := 0; i+1 < len(m.Content); i += 2 {
		pairs = append(pairs, pair{m.Content[i], m.Content[i+1]})
	}
	rank := func(k string) int {
		if i := slices.Index(topLevelOrder, k); i >= 0 {
			return i
		}
		return len(topLevelOrder)
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return rank(a.k.Value) - rank(b.k.Value) })
	m.Content = m.Content[:0]
	for _, p := range pairs {
		m.Content = append(m.Content, p.k, p.v)
	}
}

// clearStyle drops the flow style and quoting inherited from JSON so the
// output reads as block YAML.
func clearStyle(n *yaml.Node) {
	n.Style &^= yaml.FlowStyle | yaml.DoubleQuotedStyle
	for _, c := range n.Content {
		clearStyle(c)
	}
}
