package main

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/geo"
)

const geoKML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>Search area</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
    8.0,47.0,0 8.013,47.0,0 8.013,47.009,0 8.0,47.009,0 8.0,47.0,0
  </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
  <Placemark><name>Road</name><LineString><coordinates>8.001,47.001 8.012,47.008</coordinates></LineString></Placemark>
  <Placemark><name>Well</name><Point><coordinates>8.006,47.004</coordinates></Point></Placemark>
</Document></kml>`

const geoJSONPriors = `{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"zone": "A"},
   "geometry": {"type": "Polygon", "coordinates": [[[8.001, 47.001], [8.005, 47.001], [8.005, 47.004], [8.001, 47.001]]]}},
  {"type": "Feature", "properties": {"zone": "B"},
   "geometry": {"type": "Polygon", "coordinates": [[[8.007, 47.005], [8.011, 47.005], [8.011, 47.008], [8.007, 47.005]]]}}
]}`

const geoMission = `
name: geo
origin: {lat: 47.0, lon: 8.0, alt: 400}
vehicle: {kind: multirotor, speed: 5, altitude: 30, start: {lat: 47.0005, lon: 8.0005, alt: 440, heading_deg: 90}}
budget: {distance: 1500}
map:
  resolution: 20
  bounds: {file: shapes/area.kml, name: Search area}
priors:
  - {polygon: {file: shapes/priors.geojson, where: {zone: B}}, probability: 0.4}
  - {line: {file: shapes/area.kml, name: Road}, probability: 0.3}
  - {point: {lat: 47.002, lon: 8.003}, probability: 0.6}
  - {gaussian: {center: {file: shapes/area.kml, name: Well}, sigma: 50, peak: 0.3}}
keep_out:
  - {circle: {center: {lat: 47.006, lon: 8.002}, radius: 40}}
  - {polygon: [{lat: 47.007, lon: 8.009}, {lat: 47.007, lon: 8.0105}, {lat: 47.0082, lon: 8.0105}]}
planner: {seed: 2}
`

func geoFiles() fstest.MapFS {
	return fstest.MapFS{
		"shapes/area.kml":       {Data: []byte(geoKML)},
		"shapes/priors.geojson": {Data: []byte(geoJSONPriors)},
	}
}

func TestGeodeticMission(t *testing.T) {
	m, err := parseMission([]byte(geoMission), "geo.yaml", "", geoFiles())
	if err != nil {
		t.Fatal(err)
	}
	o := geo.Origin{Lat: 47, Lon: 8, Alt: 400}
	near := func(what string, got, want r2.Vec) {
		t.Helper()
		if r2.Norm(r2.Sub(got, want)) > 1e-9 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	bounds := [][2]float64{{47, 8}, {47, 8.013}, {47.009, 8.013}, {47.009, 8}}
	if len(m.Map.Bounds) != len(bounds) {
		t.Fatalf("map.bounds has %d vertices, want %d", len(m.Map.Bounds), len(bounds))
	}
	for i, ll := range bounds {
		near(fmt.Sprintf("map.bounds[%d]", i), m.Map.Bounds[i].Vec(), o.Project(ll[0], ll[1]))
	}
	near("priors[0].polygon[0]", m.Priors[0].Polygon[0].Vec(), o.Project(47.005, 8.007))
	near("priors[1].line[1]", m.Priors[1].Line[1].Vec(), o.Project(47.008, 8.012))
	near("priors[2].point", m.Priors[2].Point.Vec(), o.Project(47.002, 8.003))
	near("priors[3].gaussian.center", m.Priors[3].Gaussian.Center.Vec(), o.Project(47.004, 8.006))
	near("keep_out[0].circle.center", m.KeepOut[0].Circle.Center.Vec(), o.Project(47.006, 8.002))
	near("keep_out[1].polygon[2]", m.KeepOut[1].Polygon[2].Vec(), o.Project(47.0082, 8.0105))
	s := m.Vehicle.Start
	near("vehicle.start", r2.Vec{X: s.X, Y: s.Y}, o.Project(47.0005, 8.0005))
	if s.Z == nil || *s.Z != 40 || s.Lat != nil || s.Lon != nil || s.Alt != nil {
		t.Errorf("vehicle.start = %+v: want z 40 (alt 440 over an origin at 400) and lat/lon cleared", s)
	}
	// The field is 13 x 9 thousandths of a degree: ~989 m by ~1001 m at 47°N.
	if b := m.Map.Bounds[2].Vec(); math.Abs(b.X-988.6) > 1 || math.Abs(b.Y-1000.6) > 1 {
		t.Errorf("far corner at %v m, want about (989, 1001)", b)
	}
	w, err := m.build()
	if err != nil {
		t.Fatal(err)
	}
	if w.Start.Z != 40 || math.Abs(w.Start.Heading-math.Pi/2) > 1e-12 {
		t.Errorf("start pose %+v: want z 40, heading north (heading_deg keeps its meaning)", w.Start)
	}
}

// TestGeodeticMissionGeoLists pins DESIGN §3's form: with an origin, any
// point may be [lat, lon] under geo:, and an area a list of such pairs.
func TestGeodeticMissionGeoLists(t *testing.T) {
	text := strings.NewReplacer(
		"start: {lat: 47.0005, lon: 8.0005, alt: 440,", "start: {geo: [47.0005, 8.0005], alt: 440,",
		"{file: shapes/area.kml, name: Search area}", "{geo: [[47, 8], [47, 8.013], [47.009, 8.013], [47.009, 8]]}",
		"{point: {lat: 47.002, lon: 8.003}", "{point: {geo: [47.002, 8.003]}",
	).Replace(geoMission)
	m, err := parseMission([]byte(text), "geo.yaml", "", geoFiles())
	if err != nil {
		t.Fatal(err)
	}
	want, err := parseMission([]byte(geoMission), "geo.yaml", "", geoFiles())
	if err != nil {
		t.Fatal(err)
	}
	got := []r2.Vec{m.Priors[2].Point.Vec(), {X: m.Vehicle.Start.X, Y: m.Vehicle.Start.Y}}
	exp := []r2.Vec{want.Priors[2].Point.Vec(), {X: want.Vehicle.Start.X, Y: want.Vehicle.Start.Y}}
	for i := range m.Map.Bounds {
		got, exp = append(got, m.Map.Bounds[i].Vec()), append(exp, want.Map.Bounds[i].Vec())
	}
	for i := range got {
		if r2.Norm(r2.Sub(got[i], exp[i])) > 1e-9 {
			t.Errorf("point %d: geo: form gives %v, the {lat, lon} form %v", i, got[i], exp[i])
		}
	}
	if s := m.Vehicle.Start; s.Z == nil || *s.Z != 40 || s.Geo != nil {
		t.Errorf("vehicle.start = %+v: want z 40 and geo cleared", s)
	}
}

// TestPriorsFromFile pins issue 9's priors: [{file: p.geojson, ...}]: an
// entry expands into one prior per matching shape, of the shape's kind, and
// a shape's probability/priority properties fill what the entry leaves out.
func TestPriorsFromFile(t *testing.T) {
	layer := `{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "Wreck", "probability": 0.7, "priority": 2},
   "geometry": {"type": "Polygon", "coordinates": [[[8.001, 47.001], [8.003, 47.001], [8.003, 47.003], [8.001, 47.001]]]}},
  {"type": "Feature", "properties": {"name": "Drift", "probability": "0.2"},
   "geometry": {"type": "LineString", "coordinates": [[8.004, 47.004], [8.008, 47.006]]}},
  {"type": "Feature", "properties": {"name": "Sighting"},
   "geometry": {"type": "Point", "coordinates": [8.01, 47.008]}}
]}`
	files := geoFiles()
	files["shapes/layer.geojson"] = &fstest.MapFile{Data: []byte(layer)}
	o := geo.Origin{Lat: 47, Lon: 8, Alt: 400}
	priors := func(entries string) string {
		return strings.Replace(geoMission, `  - {polygon: {file: shapes/priors.geojson, where: {zone: B}}, probability: 0.4}
  - {line: {file: shapes/area.kml, name: Road}, probability: 0.3}
  - {point: {lat: 47.002, lon: 8.003}, probability: 0.6}
  - {gaussian: {center: {file: shapes/area.kml, name: Well}, sigma: 50, peak: 0.3}}
`, entries, 1)
	}

	m, err := parseMission([]byte(priors("  - {file: shapes/layer.geojson, probability: 0.5}\n  - {point: [10, 10]}\n")), "geo.yaml", "", files)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Priors) != 4 {
		t.Fatalf("%d priors, want the file's 3 shapes and the point", len(m.Priors))
	}
	wreck, drift, sighting := m.Priors[0], m.Priors[1], m.Priors[2]
	if len(wreck.Polygon) != 3 || r2.Norm(r2.Sub(wreck.Polygon[1].Vec(), o.Project(47.001, 8.003))) > 1e-9 {
		t.Errorf("Wreck: polygon %v", wreck.Polygon)
	}
	if len(drift.Line) != 2 || r2.Norm(r2.Sub(drift.Line[1].Vec(), o.Project(47.006, 8.008))) > 1e-9 {
		t.Errorf("Drift: line %v", drift.Line)
	}
	if sighting.Point == nil || r2.Norm(r2.Sub(sighting.Point.Vec(), o.Project(47.008, 8.01))) > 1e-9 {
		t.Errorf("Sighting: point %v", sighting.Point)
	}
	// The entry's probability wins over the file's; a priority only the
	// file gives is taken.
	for i, want := range []struct{ prob, prio float64 }{{0.5, 2}, {0.5, 1}, {0.5, 1}} {
		p := m.Priors[i]
		prio := 1.0
		if p.Priority != nil {
			prio = *p.Priority
		}
		if p.Probability == nil || *p.Probability != want.prob || prio != want.prio {
			t.Errorf("prior %d: probability %v priority %v, want %v and %v", i, p.Probability, p.Priority, want.prob, want.prio)
		}
	}
	if _, err := m.build(); err != nil {
		t.Fatal(err)
	}

	m, err = parseMission([]byte(priors("  - {file: shapes/layer.geojson, name: Drift}\n")), "geo.yaml", "", files)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Priors) != 1 || m.Priors[0].Line == nil || *m.Priors[0].Probability != 0.2 {
		t.Errorf("name: Drift gave %+v, want the one line with the file's probability 0.2", m.Priors)
	}

	badLayer := strings.Replace(layer, `"probability": "0.2"`, `"probability": "high"`, 1)
	files["shapes/bad.geojson"] = &fstest.MapFile{Data: []byte(badLayer)}
	for _, c := range []struct{ entries, want string }{
		{"  - {file: shapes/layer.geojson, name: Dirft}\n",
			`geo.yaml: priors[0].file: shapes/layer.geojson: no shape "Dirft" in the file (it holds "Wreck" (polygon), "Drift" (line), "Sighting" (point))`},
		{"  - {point: [1, 1]}\n  - {file: shapes/bad.geojson}\n",
			`geo.yaml: priors[1] (shapes/bad.geojson shape 2 of 3, line): property probability = "high" is not a number`},
		{"  - {file: shapes/layer.geojson, polygon: [[0, 0], [1, 0], [1, 1]]}\n",
			"geo.yaml: priors[0].file: a prior has one shape: give file or polygon, line, point, gaussian"},
		{"  - {name: Wreck, probability: 0.3}\n",
			"geo.yaml: priors[0]: name and where select shapes in a file: add file"},
		{"  - {file: shapes/layer.geojson, name: Wreck, probability: 3}\n",
			"geo.yaml: priors[0] (shapes/layer.geojson shape 1 of 1, polygon).probability: must be in [0, 1], got 3"},
		{"  - {file: shapes/layer.geojson, sensor_model: 4}\n",
			"geo.yaml: priors[0] (shapes/layer.geojson shape 1 of 3, polygon).sensor_model: sensor.models defines no model 4"},
	} {
		_, err := parseMission([]byte(priors(c.entries)), "geo.yaml", "", files)
		if err == nil {
			m, _ := parseMission([]byte(priors(c.entries)), "geo.yaml", "", files)
			_, err = m.build()
		}
		if fmt.Sprint(err) != c.want {
			t.Errorf("%s error\n got %v\nwant %s", strings.TrimSpace(c.entries), err, c.want)
		}
	}
}

func TestGeodeticMissionErrors(t *testing.T) {
	noOrigin := strings.Replace(geoMission, "origin: {lat: 47.0, lon: 8.0, alt: 400}\n", "", 1)
	for _, c := range []struct {
		name, text string
		files      fstest.MapFS
		want       string
	}{
		{"bad origin", strings.Replace(geoMission, "lat: 47.0, lon: 8.0", "lat: 95, lon: 8.0", 1), geoFiles(),
			"geo.yaml: origin.lat: must be in [-90, 90], got 95"},
		{"file area without origin", noOrigin, geoFiles(),
			`geo.yaml: map.bounds: shapes/area.kml "Search area" is in WGS84 lat/lon: the mission has no origin: add origin: {lat, lon, alt} (for example origin: {lat: 47.000000, lon: 8.000000, alt: 0})`},
		{"point without origin", strings.Replace(noOrigin, "{file: shapes/area.kml, name: Search area}", "[[0, 0], [900, 0], {lat: 47.009, lon: 8.013}]", 1), geoFiles(),
			`geo.yaml: map.bounds[2]: {lat: 47.009, lon: 8.013}: the mission has no origin: add origin: {lat, lon, alt} (for example origin: {lat: 47.009000, lon: 8.013000, alt: 0})`},
		{"missing placemark", strings.Replace(geoMission, "name: Search area", "name: Search aera", 1), geoFiles(),
			`geo.yaml: map.bounds: shapes/area.kml: no shape "Search aera" in the file (it holds "Search area" (polygon), "Road" (line), "Well" (point))`},
		{"not a polygon", strings.Replace(geoMission, "name: Search area", "name: Road", 1), geoFiles(),
			`geo.yaml: map.bounds: shapes/area.kml: shape "Road" is a line, not a polygon`},
		{"not a point", strings.Replace(geoMission, "name: Well", "name: Road", 1), geoFiles(),
			`geo.yaml: priors[3].gaussian.center: shapes/area.kml: shape "Road" is a line, not a point`},
		{"no matching property", strings.Replace(geoMission, "zone: B", "zone: C", 1), geoFiles(),
			`geo.yaml: priors[0].polygon: shapes/priors.geojson: no shape with zone="C" in the file (it holds unnamed (polygon), unnamed (polygon))`},
		{"missing file", strings.Replace(geoMission, "shapes/area.kml, name: Search", "shapes/nope.kml, name: Search", 1), geoFiles(),
			"geo.yaml: map.bounds: open shapes/nope.kml: file does not exist"},
		{"file outside", strings.Replace(geoMission, "shapes/area.kml, name: Search", "../area.kml, name: Search", 1), geoFiles(),
			"geo.yaml: map.bounds: ../area.kml: must be a path relative to the mission file, inside its directory"},
		{"bad file", geoMission, fstest.MapFS{"shapes/area.kml": {Data: []byte("<kml><Placemark>")}},
			"geo.yaml: map.bounds: shapes/area.kml: kml: XML syntax error on line 1: unexpected EOF"},
		{"no files", geoMission, nil,
			"geo.yaml: map.bounds: shapes/area.kml: shape files can only be read next to a mission file"},
		{"start both ways", strings.Replace(geoMission, "start: {lat", "start: {x: 5, lat", 1), geoFiles(),
			"geo.yaml: vehicle.start: give either x, y, z or lat, lon, alt, not both"},
		{"start half", strings.Replace(geoMission, "lon: 8.0005, ", "", 1), geoFiles(),
			"geo.yaml: vehicle.start: a geodetic start needs both lat and lon"},
		{"start without origin", "name: s\nvehicle: {start: {lat: 47, lon: 8}}\nmap: {bounds: [[0, 0], [100, 0], [100, 100]]}\n", nil,
			"geo.yaml: vehicle.start: the mission has no origin: add origin: {lat, lon, alt} (for example origin: {lat: 47.000000, lon: 8.000000, alt: 0})"},
		{"start geo short", strings.Replace(geoMission, "start: {lat: 47.0005, lon: 8.0005,", "start: {geo: [47.0005],", 1), geoFiles(),
			"geo.yaml: vehicle.start.geo: is written [lat, lon], got 1 numbers"},
		{"start geo and lat", strings.Replace(geoMission, "start: {lat: 47.0005, lon: 8.0005,", "start: {geo: [47, 8], lat: 47,", 1), geoFiles(),
			"geo.yaml: vehicle.start: give either geo: [lat, lon] or lat, lon, not both"},
		{"start geo out of range", strings.Replace(geoMission, "start: {lat: 47.0005, lon: 8.0005,", "start: {geo: [47, 181],", 1), geoFiles(),
			"geo.yaml: vehicle.start.geo: lon must be in [-180, 180], got 181"},
		{"start lat out of range", strings.Replace(geoMission, "start: {lat: 47.0005,", "start: {lat: -91,", 1), geoFiles(),
			"geo.yaml: vehicle.start: lat must be in [-90, 90], got -91"},
		{"bounds geo pair", strings.Replace(geoMission, "{file: shapes/area.kml, name: Search area}", "{geo: [[47, 8], [47, 8.01, 3], [47.01, 8]]}", 1), geoFiles(),
			"geo.yaml: line 8: map.bounds.geo[1]: a point under geo: is written [lat, lon], got 3 numbers"},
		{"prior file without origin", strings.NewReplacer("{file: shapes/area.kml, name: Search area}", "[[0, 0], [900, 0], [900, 900]]",
			"{polygon: {file: shapes/priors.geojson, where: {zone: B}}, probability: 0.4}", "{file: shapes/priors.geojson, probability: 0.4}").Replace(noOrigin), geoFiles(),
			`geo.yaml: priors[0].file: shapes/priors.geojson is in WGS84 lat/lon: the mission has no origin: add origin: {lat, lon, alt} (for example origin: {lat: 47.001000, lon: 8.001000, alt: 0})`},
		{"alt without lat", "name: s\nvehicle: {start: {x: 1, alt: 30}}\nmap: {bounds: [[0, 0], [100, 0], [100, 100]]}\n", nil,
			"geo.yaml: vehicle.start: a geodetic start needs both lat and lon"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var files fs.FS // a nil MapFS would be a non-nil interface
			if c.files != nil {
				files = c.files
			}
			_, err := parseMission([]byte(c.text), "geo.yaml", "", files)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not an InputError", err, err)
			}
			if err.Error() != c.want {
				t.Errorf("error\n got %s\nwant %s", err, c.want)
			}
		})
	}
}
