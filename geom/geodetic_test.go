package geom

import (
	"fmt"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
	"gonum.org/v1/gonum/spatial/r2"
)

// shift is a toy projector: one degree is a kilometre, offset from (10, 50).
type shift struct{}

func (shift) Project(lat, lon float64) r2.Vec {
	return r2.Vec{X: (lon - 10) * 1000, Y: (lat - 50) * 1000}
}

func TestPointYAML(t *testing.T) {
	for _, c := range []struct {
		src  string
		want Point
		err  string
	}{
		{src: "[1, 2]", want: Point{X: 1, Y: 2}},
		{src: "{lat: 50.5, lon: 10.25}", want: LatLon(50.5, 10.25)},
		{src: "{lon: -180, lat: -90}", want: LatLon(-90, -180)},
		{src: "{file: pads.kml, name: Pad 1}", want: FilePoint(FileRef{File: "pads.kml", Name: "Pad 1"})},
		{src: "{file: p.geojson, where: {id: '7'}}", want: FilePoint(FileRef{File: "p.geojson", Where: map[string]string{"id": "7"}})},
		{src: "[1]", err: "line 1 column 1: a point is written [x, y], got 1 numbers"},
		{src: "[1, .nan]", err: "line 1 column 1: point [1, NaN] is not finite"},
		{src: "hello", err: "line 1 column 1: a point is written [x, y] or {lat, lon}: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `hello` into []float64"},
		{src: "{lat: 50}", err: "line 1 column 1: a geodetic point needs both lat and lon"},
		{src: "{lat: 91, lon: 0}", err: "line 1 column 1: lat must be in [-90, 90], got 91"},
		{src: "{lat: 0, lon: 180.5}", err: "line 1 column 1: lon must be in [-180, 180], got 180.5"},
		{src: "{lat: .nan, lon: 0}", err: "line 1 column 1: lat must be in [-90, 90], got NaN"},
		{src: "{lat: 1, lon: 2, alt: 3}", err: `line 1 column 18: a point is written [x, y] or {lat, lon}: unknown key "alt"`},
		{src: "{x: 1, y: 2}", err: `line 1 column 2: a point is written [x, y] or {lat, lon}: unknown key "x"`},
		{src: "{lat: north, lon: 2}", err: "line 1 column 1: a point {lat, lon} takes numbers: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `north` into float64"},
		{src: "{geo: [50.5, 10.25]}", want: LatLon(50.5, 10.25)},
		{src: "{geo: [50.5]}", err: "line 1 column 7: a point under geo: is written [lat, lon], got 1 numbers"},
		{src: "{geo: [95, 10]}", err: "line 1 column 7: lat must be in [-90, 90], got 95"},
		{src: "{geo: [1, 2], lat: 3}", err: `line 1 column 15: a point is written [x, y], {lat, lon} or {geo: [lat, lon]}: unknown key "lat"`},
		{src: "{geo: north}", err: "line 1 column 7: a point under geo: is written [lat, lon]: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `north` into []float64"},
		{src: "{file: a.kml, nmae: x}", err: `line 1 column 15: a file reference is written {file, name, where}: unknown key "nmae"`},
		{src: "{file: '', name: x}", err: "line 1 column 1: a file reference is written {file, name, where}: file must not be empty"},
	} {
		var p Point
		err := yaml.Unmarshal([]byte(c.src), &p)
		if c.err != "" {
			if fmt.Sprint(err) != c.err {
				t.Errorf("%s: error\n got %v\nwant %s", c.src, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(p, c.want) {
			t.Errorf("%s: got %#v, %v; want %#v", c.src, p, err, c.want)
			continue
		}
		// Writing gives back the form that was read.
		out, err := yaml.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var again Point
		if err := yaml.Unmarshal(out, &again); err != nil || !reflect.DeepEqual(again, p) {
			t.Errorf("%s: marshalled as %q, read back %#v, %v", c.src, out, again, err)
		}
	}
}

func TestPointResolve(t *testing.T) {
	p := LatLon(50.002, 10.001)
	if p.Resolved() {
		t.Error("a geodetic point reports itself resolved")
	}
	if lat, lon, ok := p.Geodetic(); !ok || lat != 50.002 || lon != 10.001 {
		t.Errorf("Geodetic() = %v, %v, %v", lat, lon, ok)
	}
	if err := p.Resolve(nil); fmt.Sprint(err) != "{lat: 50.002, lon: 10.001} needs the mission's origin: {lat, lon, alt}" {
		t.Errorf("Resolve(nil) = %v", err)
	}
	if err := p.Resolve(shift{}); err != nil {
		t.Fatal(err)
	}
	if want := (Point{X: 1, Y: 2}); !p.Resolved() || r2.Norm(r2.Sub(p.Vec(), want.Vec())) > 1e-9 {
		t.Errorf("resolved point = %#v, want %#v", p, want)
	}
	if _, _, ok := p.Geodetic(); ok {
		t.Error("a resolved point still reports geodetic coordinates")
	}

	local := Point{X: 3, Y: 4}
	if err := local.Resolve(nil); err != nil || local != (Point{X: 3, Y: 4}) {
		t.Errorf("resolving a local point: %#v, %v", local, err)
	}

	ref := FilePoint(FileRef{File: "a.kml", Name: "Pad"})
	if r, ok := ref.FileRef(); !ok || r.File != "a.kml" {
		t.Errorf("FileRef() = %v, %v", r, ok)
	}
	if err := ref.Resolve(shift{}); fmt.Sprint(err) != `file reference a.kml "Pad" has not been loaded` {
		t.Errorf("Resolve(file reference) = %v", err)
	}
}

func TestAreaYAML(t *testing.T) {
	type doc struct {
		Bounds Area `yaml:"bounds"`
	}
	for _, c := range []struct {
		src  string
		want Area
		err  string
	}{
		{src: "bounds: [[0, 0], [1, 0], [1, 1]]", want: Area{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}}},
		{src: "bounds: [[0, 0], {lat: 50, lon: 10}]", want: Area{{}, LatLon(50, 10)}},
		{src: "bounds: {file: area.kml, name: Search area}", want: FileArea(FileRef{File: "area.kml", Name: "Search area"})},
		{src: "bounds: {file: z.geojson, where: {zone: B, kind: field}}",
			want: FileArea(FileRef{File: "z.geojson", Where: map[string]string{"zone": "B", "kind": "field"}})},
		{src: "bounds: {geo: [[50, 10], [50.01, 10], [50.01, 10.01]]}", want: Area{LatLon(50, 10), LatLon(50.01, 10), LatLon(50.01, 10.01)}},
		{src: "bounds: [{geo: [50, 10]}, [3, 4]]", want: Area{LatLon(50, 10), {X: 3, Y: 4}}},
		{src: "bounds: {geo: [[50, 10], [50, 200]]}", err: "line 1 column 26: lon must be in [-180, 180], got 200"},
		{src: "bounds: {geo: [50, 10]}", err: "line 1 column 16: a point under geo: is written [lat, lon]: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!int `50` into []float64"},
		{src: "bounds: {geo: 7}", err: "line 1 column 15: an area under geo: is a list of [lat, lon] pairs"},
		{src: "bounds: {name: x}", err: "line 1 column 9: an area is a list of points ([x, y] or {lat, lon}), {geo: [[lat, lon], ...]} or a file reference {file, name, where}"},
		{src: "bounds: {lat: 1, lon: 2}", err: "line 1 column 9: an area is a list of points ([x, y] or {lat, lon}), {geo: [[lat, lon], ...]} or a file reference {file, name, where}"},
		{src: "bounds: {file: '', name: x}", err: `line 1 column 9: a file reference is written {file, name, where}: file must not be empty`},
		{src: "bounds: {file: a.kml, polygon: x}", err: `line 1 column 23: a file reference is written {file, name, where}: unknown key "polygon"`},
		{src: "bounds: [[0, 0], [1]]", err: "line 1 column 18: a point is written [x, y], got 1 numbers"},
	} {
		var d doc
		err := yaml.Unmarshal([]byte(c.src), &d)
		if c.err != "" {
			if fmt.Sprint(err) != c.err {
				t.Errorf("%s: error\n got %v\nwant %s", c.src, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(d.Bounds, c.want) {
			t.Errorf("%s: got %#v, %v; want %#v", c.src, d.Bounds, err, c.want)
			continue
		}
		out, err := yaml.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var again doc
		if err := yaml.Unmarshal(out, &again); err != nil || !reflect.DeepEqual(again, d) {
			t.Errorf("%s: marshalled as %q, read back %#v, %v", c.src, out, again, err)
		}
	}
}

func TestAreaResolve(t *testing.T) {
	a := Area{{X: 5, Y: 5}, LatLon(50.001, 10.001), LatLon(50.002, 10)}
	if err := a.Resolve(shift{}); err != nil {
		t.Fatal(err)
	}
	got := PolygonOf(a)
	want := Polygon{{X: 5, Y: 5}, {X: 1, Y: 1}, {X: 0, Y: 2}}
	for i := range want {
		if r2.Norm(r2.Sub(got[i], want[i])) > 1e-9 {
			t.Errorf("vertex %d = %v, want %v", i, got[i], want[i])
		}
	}

	if err := (Area{{}, LatLon(1, 2)}).Resolve(nil); fmt.Sprint(err) != "[1]: {lat: 1, lon: 2} needs the mission's origin: {lat, lon, alt}" {
		t.Errorf("Resolve(nil) = %v", err)
	}
	ref := FileArea(FileRef{File: "a.kml", Where: map[string]string{"b": "2", "a": "1"}})
	if err := ref.Resolve(shift{}); fmt.Sprint(err) != `file reference a.kml a="1" b="2" has not been loaded` {
		t.Errorf("Resolve(file area) = %v", err)
	}
	// An unloaded reference can never pass for a polygon.
	if err := PolygonOf(ref).Validate(); err == nil {
		t.Error("an unloaded file area validates as a polygon")
	}
	if _, ok := (Area{{}, {}}).FileRef(); ok {
		t.Error("a point list reports a file reference")
	}
}

func ExampleArea() {
	var m struct {
		Bounds Area `yaml:"bounds"`
	}
	src := "bounds: [[0, 0], {lat: 51, lon: 12}, [0, 1000]]"
	if err := yaml.Unmarshal([]byte(src), &m); err != nil {
		fmt.Println(err)
		return
	}
	// A mission's origin resolves the geodetic vertex; here, a toy projector.
	if err := m.Bounds.Resolve(shift{}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.0f\n", PolygonOf(m.Bounds))
	// Output: [{0 0} {2000 1000} {0 1000}]
}
