package geom

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"gonum.org/v1/gonum/spatial/r2"
)

// Projector maps WGS84 latitude and longitude (degrees) to the mission's
// local frame; geo.Origin is the one tigris uses. The local point is on the
// ground, at the projector's reference altitude.
type Projector interface {
	Project(lat, lon float64) r2.Vec
}

// FileRef names one shape in a KML or GeoJSON file, relative to the mission
// file: {file: area.kml, name: "Search area"}. Name matches a KML placemark's
// <name> or a GeoJSON feature's "name" property; Where adds property
// matches (KML ExtendedData, GeoJSON properties). With neither, the file must
// hold exactly one shape of the kind the key needs.
type FileRef struct {
	File  string            `yaml:"file"`
	Name  string            `yaml:"name,omitempty"`
	Where map[string]string `yaml:"where,omitempty"`
}

// String describes the reference for error messages.
func (r FileRef) String() string {
	var b strings.Builder
	b.WriteString(r.File)
	if r.Name != "" {
		fmt.Fprintf(&b, " %q", r.Name)
	}
	keys := make([]string, 0, len(r.Where))
	for k := range r.Where {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%q", k, r.Where[k])
	}
	return b.String()
}

// LatLon returns a geodetic point that Resolve will place in the local frame.
func LatLon(lat, lon float64) Point { return Point{lat: lat, lon: lon, geodetic: true} }

// FilePoint returns a point that refers to a point placemark in a file.
func FilePoint(ref FileRef) Point { return Point{ref: &ref} }

// Geodetic reports the latitude and longitude of a point written {lat, lon}
// that has not been resolved yet.
func (p Point) Geodetic() (lat, lon float64, ok bool) { return p.lat, p.lon, p.geodetic }

// FileRef reports the file reference of a point written {file, name} that has
// not been loaded yet.
func (p Point) FileRef() (FileRef, bool) {
	if p.ref == nil {
		return FileRef{}, false
	}
	return *p.ref, true
}

// Resolved reports whether p is a plain local point, ready for geometry.
func (p Point) Resolved() bool { return !p.geodetic && p.ref == nil }

// Resolve places a geodetic point in the local frame with proj. A local point
// is left alone. A file reference cannot be resolved here (the mission loader
// reads the file), nor a geodetic point without a projector.
func (p *Point) Resolve(proj Projector) error {
	switch {
	case p.ref != nil:
		return fmt.Errorf("file reference %s has not been loaded", p.ref)
	case !p.geodetic:
		return nil
	case proj == nil:
		return fmt.Errorf("{lat: %v, lon: %v} needs the mission's origin: {lat, lon, alt}", p.lat, p.lon)
	}
	v := proj.Project(p.lat, p.lon)
	*p = Point{X: v.X, Y: v.Y}
	return nil
}

func (p *Point) unmarshalGeodetic(n *yaml.Node) error {
	if err := onlyKeys(n, "a point is written [x, y] or {lat, lon}", "lat", "lon"); err != nil {
		return err
	}
	var ll struct{ Lat, Lon *float64 }
	if err := n.Decode(&ll); err != nil {
		return fmt.Errorf("%s: a point {lat, lon} takes numbers: %w", at(n), err)
	}
	if ll.Lat == nil || ll.Lon == nil {
		return fmt.Errorf("%s: a geodetic point needs both lat and lon", at(n))
	}
	return p.setLatLon(n, *ll.Lat, *ll.Lon)
}

// unmarshalGeoList reads the form {geo: [lat, lon]}: DESIGN's "any point
// may be [lat, lon] under geo:".
func (p *Point) unmarshalGeoList(n *yaml.Node) error {
	if err := onlyKeys(n, "a point is written [x, y], {lat, lon} or {geo: [lat, lon]}", "geo"); err != nil {
		return err
	}
	return p.unmarshalLatLonPair(n.Content[1])
}

// unmarshalLatLonPair reads [lat, lon], the sequence under geo:.
func (p *Point) unmarshalLatLonPair(n *yaml.Node) error {
	var ll []float64
	if err := n.Decode(&ll); err != nil {
		return fmt.Errorf("%s: a point under geo: is written [lat, lon]: %w", at(n), err)
	}
	if len(ll) != 2 {
		return fmt.Errorf("%s: a point under geo: is written [lat, lon], got %d numbers", at(n), len(ll))
	}
	return p.setLatLon(n, ll[0], ll[1])
}

func (p *Point) setLatLon(n *yaml.Node, lat, lon float64) error {
	if err := CheckLatLon(lat, lon); err != nil {
		return fmt.Errorf("%s: %w", at(n), err)
	}
	*p = LatLon(lat, lon)
	return nil
}

// CheckLatLon reports a latitude outside [-90, 90] or a longitude outside
// [-180, 180] (NaN included) as an error naming the value.
func CheckLatLon(lat, lon float64) error {
	switch {
	case !(lat >= -90 && lat <= 90):
		return fmt.Errorf("lat must be in [-90, 90], got %v", lat)
	case !(lon >= -180 && lon <= 180):
		return fmt.Errorf("lon must be in [-180, 180], got %v", lon)
	}
	return nil
}

// Area is a polygon or polyline as a mission file writes it: a list of points
// ([x, y], {lat, lon} or {geo: [lat, lon]} each), a list of [lat, lon] pairs
// under geo: ({geo: [[lat, lon], ...]}), or a reference to a shape in a file,
// {file: area.kml, name: "Search area"}. A referenced area holds a single
// placeholder point carrying the reference until the mission loader replaces
// it with the file's vertices, so an unloaded reference never passes a
// polygon's Validate.
type Area []Point

// FileArea returns an area that refers to a shape in a file.
func FileArea(ref FileRef) Area { return Area{FilePoint(ref)} }

// FileRef reports the file reference of an area that has not been loaded yet.
func (a Area) FileRef() (FileRef, bool) {
	if len(a) != 1 {
		return FileRef{}, false
	}
	return a[0].FileRef()
}

// Resolve places every geodetic vertex of a in the local frame, in place. The
// error names the first vertex that cannot be resolved.
func (a Area) Resolve(proj Projector) error {
	if ref, ok := a.FileRef(); ok {
		return fmt.Errorf("file reference %s has not been loaded", ref)
	}
	for i := range a {
		if err := a[i].Resolve(proj); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	return nil
}

// UnmarshalYAML reads a list of points, {geo: [[lat, lon], ...]} or a
// {file, name} reference.
func (a *Area) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		if hasKey(n, "geo") {
			return a.unmarshalGeoList(n)
		}
		if !hasKey(n, "file") {
			return fmt.Errorf("%s: an area is a list of points ([x, y] or {lat, lon}), {geo: [[lat, lon], ...]} or a file reference {file, name, where}", at(n))
		}
		ref, err := decodeFileRef(n)
		if err != nil {
			return err
		}
		*a = FileArea(ref)
		return nil
	}
	var pts []Point
	if err := n.Decode(&pts); err != nil {
		return err
	}
	*a = pts
	return nil
}

func (a *Area) unmarshalGeoList(n *yaml.Node) error {
	if err := onlyKeys(n, "an area under geo: is written {geo: [[lat, lon], ...]}", "geo"); err != nil {
		return err
	}
	list := n.Content[1]
	if list.Kind != yaml.SequenceNode {
		return fmt.Errorf("%s: an area under geo: is a list of [lat, lon] pairs", at(list))
	}
	pts := make([]Point, len(list.Content))
	for i, item := range list.Content {
		if err := pts[i].unmarshalLatLonPair(item); err != nil {
			return err
		}
	}
	*a = pts
	return nil
}

// MarshalYAML writes the reference of an unloaded area, else its points.
func (a Area) MarshalYAML() (any, error) {
	if ref, ok := a.FileRef(); ok {
		return ref, nil
	}
	return []Point(a), nil
}

func decodeFileRef(n *yaml.Node) (FileRef, error) {
	const form = "a file reference is written {file, name, where}"
	if err := onlyKeys(n, form, "file", "name", "where"); err != nil {
		return FileRef{}, err
	}
	var ref FileRef
	if err := n.Decode(&ref); err != nil {
		return FileRef{}, fmt.Errorf("%s: %s: %w", at(n), form, err)
	}
	if ref.File == "" {
		return FileRef{}, fmt.Errorf("%s: %s: file must not be empty", at(n), form)
	}
	return ref, nil
}

// onlyKeys rejects a mapping key outside allowed: mission files are strict.
func onlyKeys(n *yaml.Node, form string, allowed ...string) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(allowed, k.Value) {
			return fmt.Errorf("%s: %s: unknown key %q", at(k), form, k.Value)
		}
	}
	return nil
}

// at names where a node is: the mission loader turns a line and column into
// the key path (a flow-style list puts every point on one line).
func at(n *yaml.Node) string { return fmt.Sprintf("line %d column %d", n.Line, n.Column) }

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}
