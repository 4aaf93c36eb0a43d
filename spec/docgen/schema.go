package docgen

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaFromNode types a syntax skeleton: "string" is a string, number a
// number, nested objects and arrays recurse.
func schemaFromNode(n *Node) *openapi3.Schema {
	if n == nil {
		return &openapi3.Schema{}
	}
	switch n.Kind {
	case KindObject:
		s := openapi3.NewObjectSchema()
		for _, f := range n.Fields {
			s.Properties[f.Name] = openapi3.NewSchemaRef("", schemaFromNode(f.Value))
		}
		return s
	case KindArray:
		var item *Node
		if len(n.Items) > 0 {
			item = n.Items[0]
		}
		return openapi3.NewArraySchema().WithItems(schemaFromNode(item))
	case KindString:
		return openapi3.NewStringSchema()
	case KindBoolean:
		return openapi3.NewBoolSchema()
	case KindNumber:
		switch n.Literal {
		case "integer", "long":
			return openapi3.NewIntegerSchema()
		}
		return openapi3.NewFloat64Schema().WithFormat("")
	default: // null: the page gives no type
		return &openapi3.Schema{Nullable: true}
	}
}

// schemaFromMember types a documented member from its "Type:" line, falling
// back to its skeleton, and applies the page's constraints.
func schemaFromMember(m Member, skeleton *Node) *openapi3.Schema {
	s := schemaFromType(m.Type, skeleton)
	s.Description = m.Description
	s.Pattern = m.Pattern
	for _, e := range m.Enum {
		s.Enum = append(s.Enum, e)
	}
	if m.MinLength != nil {
		s.MinLength = *m.MinLength
	}
	s.MaxLength = m.MaxLength
	if m.MinItems != nil {
		s.MinItems = *m.MinItems
	}
	s.MaxItems = m.MaxItems
	s.Min, s.Max = m.Minimum, m.Maximum
	if len(m.PageLines) > 0 {
		s.Extensions = map[string]any{PageExtension: m.PageLines}
	}
	return s
}

// PageExtension carries a member's attribute lines as the page writes
// them, on the member's schema: the citation of each constraint.
const PageExtension = "x-amzn-page"

// NullableExtension explains why an optional request member is nullable.
const NullableExtension = "x-amzn-null"

// requestNull is what NullableExtension says.
const requestNull = "restJson1 reads a JSON null request member as absent (the SDKs' serializers and the service alike), " +
	"so an optional member may be null: {\"Email\": null} is the empty body."

// nullableWhenOptional makes an optional request member nullable, saying why.
func nullableWhenOptional(s *openapi3.Schema, required bool) {
	if required {
		return
	}
	s.Nullable = true
	if s.Extensions == nil {
		s.Extensions = map[string]any{}
	}
	s.Extensions[NullableExtension] = requestNull
}

func schemaFromType(typ string, skeleton *Node) *openapi3.Schema {
	t := strings.ToLower(strings.TrimSpace(typ))
	if item, ok := strings.CutPrefix(t, "array of "); ok {
		var itemSkeleton *Node
		if skeleton != nil && len(skeleton.Items) > 0 {
			itemSkeleton = skeleton.Items[0]
		}
		return openapi3.NewArraySchema().WithItems(schemaFromType(singular(item), itemSkeleton))
	}
	switch t {
	case "string", "strings":
		return openapi3.NewStringSchema()
	case "integer", "integers":
		return openapi3.NewInt32Schema()
	case "long", "longs":
		return openapi3.NewInt64Schema()
	case "double", "float", "doubles", "floats":
		return openapi3.NewFloat64Schema().WithFormat("")
	case "boolean", "booleans":
		return openapi3.NewBoolSchema()
	case "":
		if skeleton == nil {
			return openapi3.NewStringSchema() // URI parameters are strings
		}
	}
	return schemaFromNode(skeleton)
}

func singular(s string) string {
	if before, ok := strings.CutSuffix(s, " objects"); ok {
		return before + " object"
	}
	return s
}
