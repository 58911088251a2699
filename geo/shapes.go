package geo

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Kind is the geometry of a Shape.
type Kind int

// The kinds of shape that mission keys take.
const (
	KindPoint Kind = iota + 1
	KindLine
	KindPolygon
)

// String returns "point", "line" or "polygon".
func (k Kind) String() string {
	switch k {
	case KindPoint:
		return "point"
	case KindLine:
		return "line"
	case KindPolygon:
		return "polygon"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// LatLon is a WGS84 position: latitude and longitude in degrees and a height in metres whose
// datum the context states.
type LatLon struct {
	Lat, Lon, Alt float64
}

// Shape is one geometry read from a KML or GeoJSON file, in WGS84 degrees. A multi-part
// geometry (KML MultiGeometry, GeoJSON Multi* or GeometryCollection) becomes one Shape per part,
// each carrying the name and properties of its placemark or feature.
type Shape struct {
	// Name is the KML placemark's <name> or the GeoJSON feature's "name" property.
	Name string
	// Props holds KML ExtendedData and GeoJSON properties, values as text.
	Props map[string]string
	Kind  Kind
	// Coords are the vertices: one for a point, the line in order, or a polygon's outer ring
	// without the repeat of its first vertex that the file formats close rings with.
	Coords []LatLon
	// Holes are a polygon's inner rings, without the closing repeat.
	Holes [][]LatLon
}

// SelectAll returns, in file order, every shape whose name is name (when
// name is not empty) and whose properties hold every entry of where: all
// the file's shapes when both are empty. It is an error when none matches
// or a matching polygon has holes.
func SelectAll(shapes []Shape, name string, where map[string]string) ([]Shape, error) {
	matched, err := matching(shapes, name, where)
	if err != nil {
		return nil, err
	}
	for _, s := range matched {
		if s.Kind == KindPolygon && len(s.Holes) > 0 {
			return nil, fmt.Errorf("polygon %s has %d hole(s); areas are simple polygons (make the holes keep_out zones)", s.label(), len(s.Holes))
		}
	}
	return matched, nil
}

// matching returns the shapes that match name and where, or an error that
// lists what the file holds.
func matching(shapes []Shape, name string, where map[string]string) ([]Shape, error) {
	var matched []Shape
	for _, s := range shapes {
		if s.matches(name, where) {
			matched = append(matched, s)
		}
	}
	if len(matched) == 0 {
		return nil, fmt.Errorf("no shape%s in the file (it holds %s)", describeSelection(name, where), inventory(shapes))
	}
	return matched, nil
}

func (s Shape) matches(name string, where map[string]string) bool {
	if name != "" && s.Name != name {
		return false
	}
	for k, v := range where {
		if s.Props[k] != v {
			return false
		}
	}
	return true
}

// Select returns the one shape of the wanted kind whose name is name (when name is not empty)
// and whose properties hold every entry of where. The errors say what the file does hold, so a
// user can fix a misspelt name from the message alone.
func Select(shapes []Shape, name string, where map[string]string, kind Kind) (Shape, error) {
	matched, err := matching(shapes, name, where)
	if err != nil {
		return Shape{}, err
	}
	what := describeSelection(name, where)
	var right []Shape
	for _, s := range matched {
		if s.Kind == kind {
			right = append(right, s)
		}
	}
	switch {
	case len(right) == 0 && what == "":
		return Shape{}, fmt.Errorf("no %s in the file (it holds %s)", kind, inventory(shapes))
	case len(right) == 0:
		return Shape{}, fmt.Errorf("shape%s is a %s, not a %s", what, matched[0].Kind, kind)
	case len(right) > 1:
		return Shape{}, fmt.Errorf("%d %ss in the file match%s; choose one with name or where", len(right), kind, what)
	}
	s := right[0]
	if kind == KindPolygon && len(s.Holes) > 0 {
		return Shape{}, fmt.Errorf("polygon%s has %d hole(s); areas are simple polygons (make the holes keep_out zones)", what, len(s.Holes))
	}
	return s, nil
}

func describeSelection(name string, where map[string]string) string {
	var b strings.Builder
	if name != "" {
		fmt.Fprintf(&b, " %q", name)
	}
	keys := make([]string, 0, len(where))
	for k := range where {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, " with %s=%q", k, where[k])
	}
	return b.String()
}

// inventory lists the shapes of a file for an error message.
// label names a shape for messages: its quoted name, or "unnamed".
func (s Shape) label() string {
	if s.Name == "" {
		return "unnamed"
	}
	return strconv.Quote(s.Name)
}

func inventory(shapes []Shape) string {
	if len(shapes) == 0 {
		return "no shapes"
	}
	const most = 10
	parts := make([]string, 0, min(len(shapes), most)+1)
	for i, s := range shapes {
		if i == most {
			parts = append(parts, fmt.Sprintf("and %d more", len(shapes)-most))
			break
		}
		parts = append(parts, s.label()+" ("+s.Kind.String()+")")
	}
	return strings.Join(parts, ", ")
}

// openRing drops the closing repeat of a ring's first vertex.
func openRing(r []LatLon) []LatLon {
	if n := len(r); n > 1 && r[0].Lat == r[n-1].Lat && r[0].Lon == r[n-1].Lon {
		return r[:n-1]
	}
	return r
}
